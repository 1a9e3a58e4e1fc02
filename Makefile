# r2p-convert: `make` converts every source; `make test` runs the whole suite.
# Both create .venv and install the project into it when needed.
#
#   make                     every source in source/ to build/, in every format
#   make FORMATS="html pdf"  only some formats
#   make -j2                 in parallel
#   make test | lint | clean | distclean

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-stamp
R2P     := $(BIN)/r2p-convert
FORMATS ?= yaml txt html docx pdf
BUILD   := build
comma   := ,
space   := $(eval) $(eval)

# Documents are every source/**/*.yaml and source/**/*.txt outside source/packs/; packs
# are the .yaml files inside.  Packs are written only in the formats that can hold a pack.
DOCS         := $(shell find source -name '*.yaml' -not -path 'source/packs/*' 2>/dev/null | sort)
TEXTS        := $(shell find source -name '*.txt' -not -path 'source/packs/*' 2>/dev/null | sort)
PACKS        := $(shell find source/packs -name '*.yaml' 2>/dev/null | sort)
PACK_FORMATS := $(filter html docx pdf,$(FORMATS))
TEMPLATES    := $(shell find templates -type f 2>/dev/null)
CODE         := $(shell find converter -type f -not -path '*/__pycache__/*' 2>/dev/null)
DOC_OUTPUTS  := $(foreach f,$(FORMATS),$(patsubst source/%.yaml,$(BUILD)/%.$(f),$(DOCS)))
TEXT_OUTPUTS := $(foreach f,$(FORMATS),$(patsubst source/%.txt,$(BUILD)/%.$(f),$(TEXTS)))
# A text and a YAML source of one name would write the same outputs: say so, do not pick one.
TWINS        := $(filter $(basename $(DOCS)),$(basename $(TEXTS)))
ifneq ($(TWINS),)
$(error $(addsuffix .yaml and .txt,$(TWINS)): two sources of one name would write the same outputs; rename one)
endif
PACK_OUTPUTS := $(foreach f,$(PACK_FORMATS),$(patsubst source/%.yaml,$(BUILD)/%.$(f),$(PACKS)))
DEPFILES     := $(if $(PACK_FORMATS),$(patsubst source/%.yaml,$(BUILD)/.deps/%.d,$(PACKS)))

.PHONY: all install test lint bench fuzz clean distclean
all: $(DOC_OUTPUTS) $(TEXT_OUTPUTS) $(PACK_OUTPUTS)

install: $(STAMP)

# The venv is made and the project installed (editable, with test tools) once,
# and again whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q converter
	touch $@

# One process writes every output of a source: a pattern rule with several
# targets is one recipe that makes them all.
$(foreach f,$(FORMATS),$(BUILD)/%.$(f)) &: source/%.yaml $(TEMPLATES) $(CODE) $(STAMP)
	$(R2P) --quiet --verify --to $(subst $(space),$(comma),$(FORMATS)) --outdir $(dir $(BUILD)/$*) $<

$(foreach f,$(FORMATS),$(BUILD)/%.$(f)) &: source/%.txt $(TEMPLATES) $(CODE) $(STAMP)
	$(R2P) --quiet --verify --to $(subst $(space),$(comma),$(FORMATS)) --outdir $(dir $(BUILD)/$*) $<

# Packs: the shorter stem makes this rule win for source/packs/. Their members,
# templates and theme come from the dependency file r2p-convert --deps writes beside the
# outputs when it builds them; it is read when it exists (a pack never built is built
# anyway), and is no target of its own, so that `make -n` runs nothing.
$(foreach f,$(PACK_FORMATS),$(BUILD)/packs/%.$(f)) &: source/packs/%.yaml $(TEMPLATES) $(CODE) $(STAMP)
	$(R2P) --quiet --verify --to $(subst $(space),$(comma),$(PACK_FORMATS)) --outdir $(dir $(BUILD)/packs/$*) $<
	@mkdir -p $(dir $(BUILD)/.deps/packs/$*)
	$(R2P) --deps --to $(subst $(space),$(comma),$(PACK_FORMATS)) --outdir $(dir $(BUILD)/packs/$*) $< \
	  > $(BUILD)/.deps/packs/$*.d.tmp && mv $(BUILD)/.deps/packs/$*.d.tmp $(BUILD)/.deps/packs/$*.d

ifeq ($(filter clean distclean,$(MAKECMDGOALS)),)
-include $(wildcard $(DEPFILES))
endif

test: $(STAMP)
	$(BIN)/python -m pytest

# A longer fuzzing run of the readers than make test's (R2P_FUZZ_EXAMPLES examples per reader).
fuzz: $(STAMP)
	R2P_FUZZ_EXAMPLES=$${R2P_FUZZ_EXAMPLES:-20000} $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check converter tests bench
	$(BIN)/ruff format --check converter tests bench
	$(BIN)/mypy

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -rf $(VENV)
