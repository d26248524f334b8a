/* The C API (lexgate/lexgate_c.h) from plain C, linked against the shared
 * library: compile, scan, redact, save and restore, stream, and every kind
 * of error coming back as a code and a readable message.
 * Usage: c_api_test RULES_DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lexgate/lexgate_c.h"

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

static lexgate_engine* Compile(const char* rules, int streaming) {
  lexgate_engine* engine = NULL;
  char* error = NULL;
  lexgate_code code =
      lexgate_engine_compile(&rules, 1, streaming, &engine, &error);
  if (code != LEXGATE_OK) {
    fprintf(stderr, "compile failed (%d): %s\n", (int)code, error);
    lexgate_string_free(error);
    exit(1);
  }
  return engine;
}

static void TestScanAndRedact(const lexgate_engine* engine) {
  const char text[] = "call 13812345678, what the f.u.c.k";
  lexgate_result* result = NULL;
  char* error = NULL;
  CHECK(lexgate_scan(engine, text, strlen(text), &result, &error) ==
        LEXGATE_OK);
  CHECK(lexgate_result_verdict(result) == LEXGATE_MASK);
  CHECK(lexgate_result_count(result) == 2);
  const lexgate_match* m = lexgate_result_matches(result);
  CHECK(m != NULL);
  if (m != NULL && lexgate_result_count(result) == 2) {
    CHECK(strcmp(m[0].rule, "t.pii.mobile") == 0);
    CHECK(strcmp(m[0].category, "pii.phone") == 0);
    CHECK(m[0].start == 5 && m[0].end == 16);
    CHECK(strcmp(m[1].rule, "t.en.profanity") == 0);
    CHECK(m[1].action == LEXGATE_MASK && m[1].severity == 2);
    CHECK(m[1].start == 27 && m[1].end == 34);
  }
  lexgate_result_free(result);

  char* redacted = NULL;
  size_t length = 0;
  CHECK(lexgate_redact(engine, text, strlen(text), &redacted, &length,
                       &error) == LEXGATE_OK);
  CHECK(redacted != NULL &&
        strcmp(redacted, "call [手机号], what the *******") == 0);
  CHECK(length == strlen("call [手机号], what the *******"));
  lexgate_string_free(redacted);

  /* Clean text: an empty result, not an error. */
  CHECK(lexgate_scan(engine, "hello", 5, &result, &error) == LEXGATE_OK);
  CHECK(lexgate_result_count(result) == 0);
  CHECK(lexgate_result_matches(result) == NULL);
  CHECK(lexgate_result_verdict(result) == LEXGATE_ALLOW);
  lexgate_result_free(result);
}

static void TestSaveAndRestore(const lexgate_engine* engine) {
  char* blob = NULL;
  size_t size = 0;
  char* error = NULL;
  CHECK(lexgate_engine_serialize(engine, &blob, &size, &error) == LEXGATE_OK);
  lexgate_engine* restored = NULL;
  CHECK(lexgate_engine_deserialize(blob, size, &restored, &error) ==
        LEXGATE_OK);
  CHECK(strlen(lexgate_engine_fingerprint(engine)) == 16);
  CHECK(strcmp(lexgate_engine_fingerprint(engine),
               lexgate_engine_fingerprint(restored)) == 0);
  lexgate_engine_free(restored);

  /* A damaged blob is refused with a message. */
  blob[size / 2] ^= 0x55;
  restored = NULL;
  lexgate_code code = lexgate_engine_deserialize(blob, size, &restored, &error);
  CHECK(code == LEXGATE_DATA_LOSS || code == LEXGATE_FAILED_PRECONDITION);
  CHECK(restored == NULL);
  CHECK(error != NULL && strlen(error) > 0);
  lexgate_string_free(error);
  lexgate_string_free(blob);

  error = NULL;
  CHECK(lexgate_engine_deserialize("not an engine", 13, &restored, &error) !=
        LEXGATE_OK);
  CHECK(error != NULL);
  lexgate_string_free(error);
}

static void TestLoadFromAFile(const lexgate_engine* engine) {
  char* blob = NULL;
  size_t size = 0;
  char* error = NULL;
  CHECK(lexgate_engine_serialize(engine, &blob, &size, &error) == LEXGATE_OK);
  char path[] = "/tmp/lexgate_c_api_XXXXXX";
  const int fd = mkstemp(path);
  CHECK(fd >= 0);
  CHECK(write(fd, blob, size) == (ssize_t)size);
  close(fd);
  lexgate_string_free(blob);
  lexgate_engine* loaded = NULL;
  CHECK(lexgate_engine_load(path, &loaded, &error) == LEXGATE_OK);
  CHECK(strcmp(lexgate_engine_fingerprint(engine),
               lexgate_engine_fingerprint(loaded)) == 0);
  lexgate_engine_free(loaded);
  unlink(path);

  /* A missing file: NOT_FOUND, with the path in the message. */
  loaded = NULL;
  CHECK(lexgate_engine_load(path, &loaded, &error) == LEXGATE_NOT_FOUND);
  CHECK(loaded == NULL);
  CHECK(error != NULL && strstr(error, path) != NULL);
  lexgate_string_free(error);
}

static void TestStream(const lexgate_engine* engine) {
  lexgate_stream* stream = NULL;
  char* error = NULL;
  CHECK(lexgate_stream_open(engine, &stream, &error) == LEXGATE_OK);
  const char* deltas[] = {"hello f", ".u.c", ".k you, ", "please just kil",
                          "l yourself now"};
  char emitted[256] = "";
  for (size_t i = 0; i < sizeof(deltas) / sizeof(deltas[0]); ++i) {
    char* out = NULL;
    size_t length = 0;
    CHECK(lexgate_stream_feed(stream, deltas[i], strlen(deltas[i]), &out,
                              &length, &error) == LEXGATE_OK);
    strncat(emitted, out, sizeof(emitted) - strlen(emitted) - 1);
    lexgate_string_free(out);
  }
  char* rest = NULL;
  CHECK(lexgate_stream_finish(stream, &rest, NULL, &error) == LEXGATE_OK);
  strncat(emitted, rest, sizeof(emitted) - strlen(emitted) - 1);
  lexgate_string_free(rest);
  CHECK(lexgate_stream_blocked(stream));
  CHECK(lexgate_stream_verdict(stream) == LEXGATE_BLOCK);
  CHECK(lexgate_stream_error(stream) == NULL);
  /* A delta after the end is an error: it would never be screened. */
  {
    char* late = NULL;
    CHECK(lexgate_stream_feed(stream, "more", 4, &late, NULL, &error) ==
          LEXGATE_FAILED_PRECONDITION);
    CHECK(late == NULL);
    CHECK(error != NULL && strstr(error, "finished") != NULL);
    lexgate_string_free(error);
    error = NULL;
  }
  /* The profanity was masked, and nothing of the threat got out. */
  CHECK(strstr(emitted, "f.u.c.k") == NULL);
  CHECK(strstr(emitted, "yourself") == NULL);
  lexgate_stream_free(stream);

  /* A delta after the end of a clean stream blocks it, as Stream::Feed()
   * does: a caller that polls lexgate_stream_blocked() must see it. An
   * empty one changes nothing. */
  stream = NULL;
  CHECK(lexgate_stream_open(engine, &stream, &error) == LEXGATE_OK);
  char* out = NULL;
  CHECK(lexgate_stream_feed(stream, "hello", 5, &out, NULL, &error) ==
        LEXGATE_OK);
  lexgate_string_free(out);
  out = NULL;
  CHECK(lexgate_stream_finish(stream, &out, NULL, &error) == LEXGATE_OK);
  lexgate_string_free(out);
  out = NULL;
  CHECK(lexgate_stream_feed(stream, "", 0, &out, NULL, &error) == LEXGATE_OK);
  CHECK(out != NULL && out[0] == '\0');
  lexgate_string_free(out);
  out = NULL;
  CHECK(!lexgate_stream_blocked(stream));
  CHECK(lexgate_stream_feed(stream, "more", 4, &out, NULL, &error) ==
        LEXGATE_FAILED_PRECONDITION);
  CHECK(out == NULL);
  CHECK(error != NULL && strstr(error, "finished") != NULL);
  lexgate_string_free(error);
  error = NULL;
  CHECK(lexgate_stream_blocked(stream));
  CHECK(lexgate_stream_verdict(stream) == LEXGATE_BLOCK);
  CHECK(lexgate_stream_error(stream) != NULL);
  lexgate_stream_free(stream);
}

static void TestErrors(const char* rules) {
  lexgate_engine* engine = NULL;
  char* error = NULL;
  const char* missing = "no/such/pack.toml";
  CHECK(lexgate_engine_compile(&missing, 1, 0, &engine, &error) != LEXGATE_OK);
  CHECK(engine == NULL);
  CHECK(error != NULL && strstr(error, "no/such/pack.toml") != NULL);
  lexgate_string_free(error);

  /* Packs that declare no rule would screen nothing: refused. */
  {
    char no_rules[4096];
    const char* path = no_rules;
    CHECK(strlen(rules) + 32 < sizeof(no_rules));
    sprintf(no_rules, "%s/../no_rules.toml", rules);
    error = NULL;
    CHECK(lexgate_engine_compile(&path, 1, 0, &engine, &error) ==
          LEXGATE_INVALID_ARGUMENT);
    CHECK(engine == NULL);
    CHECK(error != NULL && strstr(error, "nothing would be screened") != NULL);
    lexgate_string_free(error);
  }

  /* NULL arguments are an error, not a crash; error may be NULL too. */
  CHECK(lexgate_engine_compile(&rules, 1, 0, NULL, NULL) ==
        LEXGATE_INVALID_ARGUMENT);
  CHECK(lexgate_scan(NULL, "x", 1, NULL, NULL) == LEXGATE_INVALID_ARGUMENT);

  /* An engine without streaming cannot open streams. */
  engine = Compile(rules, 0);
  lexgate_stream* stream = NULL;
  error = NULL;
  CHECK(lexgate_stream_open(engine, &stream, &error) ==
        LEXGATE_FAILED_PRECONDITION);
  CHECK(stream == NULL && error != NULL);
  lexgate_string_free(error);
  lexgate_engine_free(engine);

  /* A failed scan leaves no result, and what is not there reads as
   * blocked: a caller that skips the return code fails closed. */
  lexgate_result* result = (lexgate_result*)&error; /* stale garbage */
  CHECK(lexgate_scan(NULL, "x", 1, &result, NULL) == LEXGATE_INVALID_ARGUMENT);
  CHECK(result == NULL);
  CHECK(lexgate_result_verdict(NULL) == LEXGATE_BLOCK);
  CHECK(lexgate_stream_verdict(NULL) == LEXGATE_BLOCK);
  CHECK(lexgate_stream_blocked(NULL) != 0);
  CHECK(lexgate_stream_error(NULL) != NULL);
  /* A serialized engine holds null bytes: its size is required. */
  engine = Compile(rules, 0);
  char* blob = NULL;
  CHECK(lexgate_engine_serialize(engine, &blob, NULL, NULL) ==
        LEXGATE_INVALID_ARGUMENT);
  CHECK(blob == NULL);
  lexgate_engine_free(engine);

  /* Freeing NULL is fine. */
  lexgate_engine_free(NULL);
  lexgate_result_free(NULL);
  lexgate_stream_free(NULL);
  lexgate_string_free(NULL);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s RULES_DIR\n", argv[0]);
    return 2;
  }
  CHECK(strcmp(lexgate_version(), LEXGATE_VERSION_STRING) == 0);
  lexgate_engine* engine = Compile(argv[1], 1);
  TestScanAndRedact(engine);
  TestSaveAndRestore(engine);
  TestLoadFromAFile(engine);
  TestStream(engine);
  lexgate_engine_free(engine);
  TestErrors(argv[1]);

  char* path = NULL;
  char* error = NULL;
  CHECK(lexgate_default_rules_path(&path, &error) == LEXGATE_OK);
  CHECK(path != NULL && strstr(path, "rules") != NULL);
  lexgate_string_free(path);

  printf("c_api_test: %d failed checks\n", failures);
  return failures == 0 ? 0 : 1;
}
