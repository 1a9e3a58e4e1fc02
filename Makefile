# r2p-convert: `make` converts every source; `make test` runs the whole suite.
# Both create .venv and install the project into it when needed.
#
#   make                     every source in source/ to build/, in every format
#   make FORMATS="html pdf"  only some formats
#   make -j2                 in parallel
#   make SOURCE=dir BUILD=out VERIFY=   another tree; VERIFY= skips reading outputs back
#   make test | lint | clean | distclean | bench

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-stamp
R2P     := $(BIN)/r2p-convert
FORMATS ?= yaml txt html docx pdf
SOURCE  ?= source
BUILD   ?= build
VERIFY  ?= --verify
comma   := ,
space   := $(eval) $(eval)

# Documents are every $(SOURCE)/**/*.yaml and *.txt outside $(SOURCE)/packs/; packs are the
# .yaml files inside.  Packs are written only in the formats that can hold a pack.
DOCS         := $(shell find $(SOURCE) -name '*.yaml' -not -path '$(SOURCE)/packs/*' 2>/dev/null | sort)
TEXTS        := $(shell find $(SOURCE) -name '*.txt' -not -path '$(SOURCE)/packs/*' 2>/dev/null | sort)
PACKS        := $(shell find $(SOURCE)/packs -name '*.yaml' 2>/dev/null | sort)
PACK_FORMATS := $(filter html docx pdf,$(FORMATS))
TEMPLATES    := $(shell find templates -type f 2>/dev/null)
CODE         := $(shell find converter -type f -not -path '*/__pycache__/*' 2>/dev/null)
DOC_OUTPUTS  := $(foreach f,$(FORMATS),$(patsubst $(SOURCE)/%.yaml,$(BUILD)/%.$(f),$(DOCS)))
TEXT_OUTPUTS := $(foreach f,$(FORMATS),$(patsubst $(SOURCE)/%.txt,$(BUILD)/%.$(f),$(TEXTS)))
# A text and a YAML source of one name would write the same outputs: say so, do not pick one.
TWINS        := $(filter $(basename $(DOCS)),$(basename $(TEXTS)))
ifneq ($(TWINS),)
$(error $(addsuffix .yaml and .txt,$(TWINS)): two sources of one name would write the same outputs; rename one)
endif
PACK_OUTPUTS := $(foreach f,$(PACK_FORMATS),$(patsubst $(SOURCE)/%.yaml,$(BUILD)/%.$(f),$(PACKS)))
DEPFILES     := $(if $(PACK_FORMATS),$(patsubst $(SOURCE)/%.yaml,$(BUILD)/.deps/%.d,$(PACKS)))
# Documents are converted by one r2p-convert call (see "One call" below).
QUEUED       := $(patsubst $(SOURCE)/%,$(BUILD)/.queued/%,$(basename $(DOCS) $(TEXTS)))
QUEUE        := $(BUILD)/.queue
CONVERTED    := $(BUILD)/.converted

.PHONY: all install test lint bench fuzz clean distclean
all: $(CONVERTED) $(PACK_OUTPUTS)

install: $(STAMP)

# The venv is made and the project installed (editable, with test tools) once,
# and again whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q converter
	touch $@

# One call: starting Python and importing the converter costs about as much as converting
# a document, so the documents that are out of date are converted by one r2p-convert
# call, with its worker processes, not by one process each.  A document's rule only
# queues its source (and touches its marker in .queued/, so that make sees that something
# was done); $(CONVERTED)'s recipe converts the queue once every rule has run.  make still
# decides what is out of date output by output, so `make -q` and one changed source behave
# as with a process per source; a source that fails stays out of date and is tried again.
# (A goal other than `all`, `make build/x.pdf` say, converts its source there and then.)
CONVERT_NOW  := $(filter-out all $(CONVERTED),$(or $(MAKECMDGOALS),all))
define queue_or_convert
@mkdir -p $(dir $(BUILD)/.queued/$*) && touch $(BUILD)/.queued/$*
$(if $(CONVERT_NOW),$(R2P) --quiet $(VERIFY) --to $(subst $(space),$(comma),$(FORMATS)) --source-root $(SOURCE) --outdir $(BUILD) $<,@echo '$<' >> $(QUEUE))
endef

$(foreach f,$(FORMATS),$(BUILD)/%.$(f)) $(BUILD)/.queued/% &: $(SOURCE)/%.yaml $(TEMPLATES) $(CODE) $(STAMP)
	$(queue_or_convert)

$(foreach f,$(FORMATS),$(BUILD)/%.$(f)) $(BUILD)/.queued/% &: $(SOURCE)/%.txt $(TEMPLATES) $(CODE) $(STAMP)
	$(queue_or_convert)

# The queue's sources that still exist (one queued by an interrupted run may be gone).
$(CONVERTED): $(DOC_OUTPUTS) $(TEXT_OUTPUTS) $(QUEUED)
	@rm -f $(QUEUE).now; if [ -s $(QUEUE) ]; then \
	  sort -u $(QUEUE) | while IFS= read -r source; do [ -e "$$source" ] && echo "$$source"; done \
	    > $(QUEUE).now; rm $(QUEUE); fi
	@if [ -s $(QUEUE).now ]; then \
	  echo "$(R2P) --quiet $(VERIFY) --to $(subst $(space),$(comma),$(FORMATS)) --source-root $(SOURCE) --outdir $(BUILD) < $(QUEUE).now  # $$(wc -l < $(QUEUE).now) source(s)" && \
	  xargs -d '\n' $(R2P) --quiet $(VERIFY) --to $(subst $(space),$(comma),$(FORMATS)) \
	    --source-root $(SOURCE) --outdir $(BUILD) < $(QUEUE).now && rm $(QUEUE).now; \
	fi
	@touch $@

# Packs: the shorter stem makes this rule win for source/packs/. Their members,
# templates and theme come from the dependency file r2p-convert --deps writes beside the
# outputs when it builds them; it is read when it exists (a pack never built is built
# anyway), and is no target of its own, so that `make -n` runs nothing.
$(foreach f,$(PACK_FORMATS),$(BUILD)/packs/%.$(f)) &: $(SOURCE)/packs/%.yaml $(TEMPLATES) $(CODE) $(STAMP)
	$(R2P) --quiet $(VERIFY) --to $(subst $(space),$(comma),$(PACK_FORMATS)) --outdir $(dir $(BUILD)/packs/$*) $<
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

# The peers the benchmarks run (Pandoc, Typst, WeasyPrint) are the "bench" extra.
bench: $(STAMP)
	$(BIN)/python -c 'import pypandoc, typst, weasyprint' 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check converter tests bench
	$(BIN)/ruff format --check converter tests bench
	$(BIN)/mypy

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -rf $(VENV)
