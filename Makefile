# yinhui — see README.md. `make run` and `make test` do all the set-up themselves.
SHELL := /bin/bash
CC ?= cc
PKGS := libcjson hiredis libmariadb libjwt libssl libcrypto libargon2 icu-uc icu-i18n xlsxwriter yaml-0.1 zlib
# the PDFs (certificates, the yearly report): the files named *_pdf.c are the ones compiled with their flags
PDF_PKGS := pangocairo libqrencode
CFLAGS ?= -O2 -g
override CFLAGS += -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Iinclude \
          $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS := -lcivetweb -pthread -lm $(shell pkg-config --libs $(PKGS) $(PDF_PKGS) 2>/dev/null)
TEST_LIBS := $(shell pkg-config --libs cmocka libcurl 2>/dev/null)
B ?= build

CORE_SRC := $(filter-out service/main.c, $(wildcard service/*.c service/*/*.c))
CORE_OBJ := $(CORE_SRC:%.c=$(B)/%.o)
UNIT := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(wildcard tests/unit/test_*.c))
INTEG := $(patsubst tests/integration/%.c,$(B)/tests/integration/%,$(wildcard tests/integration/test_*.c))
APIT := $(patsubst tests/api/%.c,$(B)/tests/api/%,$(wildcard tests/api/test_*.c))
TEST_SUPPORT := $(B)/tests/support.o

.PHONY: all deps services run test unit integration api asan bench bench-tools bench-10m bench-ops fuzz format lint-api client stop clean
all: $(B)/yinhui $(B)/yinhui-gen

deps:
	@scripts/deps.sh

$(B)/%.o: %.c $(wildcard include/yinhui/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(B)/service/%_pdf.o: override CFLAGS += $(shell pkg-config --cflags $(PDF_PKGS) 2>/dev/null)
# the renderer's own unit test includes render_pdf.h, hence Pango's and Cairo's flags
$(B)/tests/unit/test_render_pdf: override CFLAGS += $(shell pkg-config --cflags $(PDF_PKGS) 2>/dev/null)

$(B)/libyinhui.a: $(CORE_OBJ)
	rm -f $@ && ar rcsT $@ $^

$(B)/yinhui: $(B)/service/main.o $(B)/libyinhui.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# demo seed and bench data generator
$(B)/yinhui-gen: $(wildcard bench/gen*.c) $(B)/libyinhui.a $(wildcard include/yinhui/*.h)
	$(CC) $(CFLAGS) -o $@ $< $(B)/libyinhui.a $(LDLIBS)

$(B)/tests/%: tests/%.c $(B)/libyinhui.a $(TEST_SUPPORT) tests/support.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -o $@ $< $(TEST_SUPPORT) $(B)/libyinhui.a $(LDLIBS) $(TEST_LIBS)

$(B)/tests/support.o: tests/support.c tests/support.h $(wildcard include/yinhui/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -c $< -o $@

# make run: install what is missing, build, start private MariaDB + Redis, migrate,
# seed the demo county, print a demo token, serve on 127.0.0.1:8080.
run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run.sh

# make test: the same set-up with a fresh database, then unit, integration, API tests.
test: deps
	@$(MAKE) --no-print-directory all $(UNIT) $(INTEG) $(APIT)
	@B=$(B) scripts/test.sh

asan: deps
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp $(MAKE) --no-print-directory B=build-asan CC=gcc \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" test

bench: deps
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory all bench-tools
	@bench/run.sh

# make bench-10m: the member list by branch at 100k and at 10M members (bench/README.md);
# the 10M database is generated once and kept (yinhui_bench10m)
bench-10m: deps
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory all bench-tools
	@bench/run10m.sh

# make bench-ops: key rotation, data-key rotation (rolling restart) and online DDL on 1M
# members under load through nginx, with the failed requests counted (bench/README.md;
# OPS=keys|data|ddl for one)
bench-ops: deps
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory all bench-tools $(B)/yinhui-gen
	@bench/ops.sh $(OPS)

# bench tools: the bare Civetweb handler (the reference), write visibility across two
# processes (libcurl), the raw MariaDB primary-key select (the uncached read's floor)
bench-tools: $(B)/bench/minimal $(B)/bench/visible $(B)/bench/pkselect

$(B)/bench/minimal: bench/minimal.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< -lcivetweb -pthread

$(B)/bench/visible: bench/visible.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(shell pkg-config --libs libcurl 2>/dev/null)

$(B)/bench/pkselect: bench/pkselect.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(shell pkg-config --libs libmariadb 2>/dev/null) -pthread

# make fuzz: libFuzzer (clang) under ASan+UBSan on the JSON body parser and input readers,
# query/form strings, cursors, CSV, GB 11643 numbers, times and codes, and bearer tokens.
# FUZZ_SECONDS per target (default 60); crashes are written to build-fuzz/crashes/.
FUZZ_SECONDS ?= 60
FUZZERS := $(patsubst tests/fuzz/%.c,build-fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
fuzz:
	@scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory B=build-fuzz CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer" build-fuzz/libyinhui.a $(FUZZERS)
	@mkdir -p build-fuzz/crashes build-fuzz/corpus
	@for f in $(FUZZERS); do name=$$(basename $$f); mkdir -p build-fuzz/corpus/$$name; \
	  cp -n tests/fuzz/seeds/$$name/* build-fuzz/corpus/$$name/ 2>/dev/null || true; \
	  echo "fuzz: $$name for $(FUZZ_SECONDS) s"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -artifact_prefix=build-fuzz/crashes/$$name- \
	    build-fuzz/corpus/$$name 2>&1 | grep -E '^(#[0-9]+.*DONE|==[0-9]+==ERROR|SUMMARY)' || exit 1; done

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c build-fuzz/libyinhui.a
	clang -O1 -g -fsanitize=address,undefined,fuzzer -fno-omit-frame-pointer -std=c17 -D_GNU_SOURCE -Iinclude \
	  $$(pkg-config --cflags $(PKGS)) -o $@ $< build-fuzz/libyinhui.a $(LDLIBS)

# make client: regenerates the typed client's types (clients/typescript/src/schema.ts) from
# api/openapi.yaml with openapi-typescript from tests/node (scripts/node.sh); make test
# fails while the committed file is stale (tests/checks/client.sh).
client: deps
	@clients/typescript/generate.sh

# OpenAPI lint with Redocly (a development tool fetched by npx; never used at run time).
lint-api:
	npx --yes @redocly/cli@latest lint api/openapi.yaml

format:
	clang-format -i service/*.c service/*/*.c include/yinhui/*.h tests/*.c tests/*/*.c tests/*.h

stop:
	@scripts/services.sh stop

clean:
	rm -rf build build-asan build-fuzz
