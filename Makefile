# r2p-convert: `make` converts every source; `make test` runs the whole suite.
# Both create .venv and install the project into it when needed.

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-stamp
R2P     := $(BIN)/r2p-convert
FORMATS ?= yaml txt
BUILD   := build
comma   := ,

SOURCES   := $(shell find source -name '*.yaml' -not -path 'source/packs/*' 2>/dev/null | sort)
TEMPLATES := $(shell find templates -type f 2>/dev/null)
CODE      := $(shell find converter -name '*.py' 2>/dev/null)
OUTPUTS   := $(foreach f,$(FORMATS),$(patsubst source/%.yaml,$(BUILD)/%.$(f),$(SOURCES)))

.PHONY: all test lint clean distclean install
all: $(OUTPUTS)

install: $(STAMP)

# The venv is made and the project installed (editable, with test tools) once,
# and again whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# One process writes every output of a source (a pattern rule with several
# targets is one recipe making them all).
$(foreach f,$(FORMATS),$(BUILD)/%.$(f)) &: source/%.yaml $(TEMPLATES) $(CODE) $(STAMP)
	$(R2P) --to $(subst $(eval) ,$(comma),$(FORMATS)) --outdir $(dir $(BUILD)/$*) $<

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check converter tests bench
	$(BIN)/ruff format --check converter tests bench

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -rf $(VENV)
