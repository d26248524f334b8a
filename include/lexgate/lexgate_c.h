/* lexgate's C API: a small, stable interface to the C++ library for C and
 * for languages that bind C (Go, Rust, Node, Python's ctypes).
 *
 * Conventions:
 *  - Handles (lexgate_engine, lexgate_result, lexgate_stream) are opaque;
 *    each has one free function, which accepts NULL.
 *  - A function that can fail returns a lexgate_code (LEXGATE_OK is 0) and,
 *    on failure, stores a message in *error when `error` is not NULL; free
 *    it with lexgate_string_free(). Output parameters are set only on
 *    success. No C++ exception crosses this interface: an allocation failure
 *    is LEXGATE_RESOURCE_EXHAUSTED, and so is a text refused because it
 *    would fold to more than three times its size (retrying it
 *    does not help; the text is not scanned, never passed as clean).
 *  - Text is UTF-8 given as pointer and length (it need not be
 *    NUL-terminated, and may hold any bytes). Offsets are byte offsets.
 *    Strings returned by the library are NUL-terminated and also come with
 *    their length, since redacted text may hold NUL bytes.
 *  - Fail closed: a scan that cannot finish is an error, never an empty
 *    result.
 *
 * Thread safety: a lexgate_engine is immutable; lexgate_scan(),
 * lexgate_redact() and lexgate_stream_open() may be called on one engine
 * from many threads at once. A lexgate_stream and a lexgate_result belong to
 * one thread at a time. */
#ifndef LEXGATE_LEXGATE_C_H_
#define LEXGATE_LEXGATE_C_H_

#include <stddef.h>

#include "lexgate/version.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The status codes, numbered as absl::StatusCode is. */
typedef enum lexgate_code {
  LEXGATE_OK = 0,
  LEXGATE_UNKNOWN = 2,
  LEXGATE_INVALID_ARGUMENT = 3,
  LEXGATE_NOT_FOUND = 5,
  LEXGATE_ALREADY_EXISTS = 6,
  LEXGATE_PERMISSION_DENIED = 7,
  LEXGATE_RESOURCE_EXHAUSTED = 8,
  LEXGATE_FAILED_PRECONDITION = 9,
  LEXGATE_OUT_OF_RANGE = 11,
  LEXGATE_INTERNAL = 13,
  LEXGATE_UNAVAILABLE = 14,
  LEXGATE_DATA_LOSS = 15
} lexgate_code;

/* A rule's action; a verdict is the strongest action among the matches. */
typedef enum lexgate_action {
  LEXGATE_ALLOW = 0, /* nothing matched (allow matches are not reported) */
  LEXGATE_FLAG = 1,  /* reported, text left as is */
  LEXGATE_MASK = 2,  /* reported, text masked by lexgate_redact() */
  LEXGATE_BLOCK = 3  /* masked; refuse the whole text */
} lexgate_action;

typedef struct lexgate_engine lexgate_engine;
typedef struct lexgate_result lexgate_result;
typedef struct lexgate_stream lexgate_stream;

/* One match. The strings live as long as the result that holds it. */
typedef struct lexgate_match {
  const char* rule;     /* rule id */
  const char* category; /* category code, e.g. "pii.phone" */
  lexgate_action action;
  int severity; /* 1 (low) .. 5 (critical) */
  size_t start; /* byte span [start, end) in the scanned text */
  size_t end;
} lexgate_match;

/* The version of the linked library, e.g. "0.1.0". */
const char* lexgate_version(void);

/* Frees a string returned by this API. */
void lexgate_string_free(char* string);

/* --- engines ----------------------------------------------------------- */

/* Loads the rule packs at paths[0 .. path_count) (files, or directories of
 * *.toml packs) and compiles them. streaming != 0 also compiles what
 * lexgate_stream_open() needs (twice the compile time and memory).
 * Rule errors read "path:line: rule 'id': what". Packs that declare no
 * rule (the taxonomy file categories.toml alone) are
 * LEXGATE_INVALID_ARGUMENT: the engine would screen nothing. */
lexgate_code lexgate_engine_compile(const char* const* paths, size_t path_count,
                                    int streaming, lexgate_engine** engine,
                                    char** error);

/* The directory of the shipped rule packs (see lexgate/default_rules.h),
 * into *path (free it with lexgate_string_free()). */
lexgate_code lexgate_default_rules_path(char** path, char** error);

/* Restores an engine written by lexgate_engine_serialize(). A blob from
 * another version or platform is LEXGATE_FAILED_PRECONDITION, a damaged
 * one LEXGATE_DATA_LOSS, and bytes that are no engine at all (empty, or
 * without its magic number) LEXGATE_INVALID_ARGUMENT. */
lexgate_code lexgate_engine_deserialize(const void* data, size_t size,
                                        lexgate_engine** engine, char** error);

/* Loads the engine file at `path` (written from lexgate_engine_serialize()
 * or `lexgate-filter compile`), faster than reading and deserializing it:
 * the file is read once and its stream database by the first
 * lexgate_stream_open() (Engine::Load). The file stays open while the
 * engine lives: replace it by renaming over it (one rewritten in place
 * makes every lexgate_stream_open() fail with LEXGATE_DATA_LOSS if its
 * stream database changed, and lexgate_engine_serialize() then writes an
 * engine without one, which cannot stream). A missing file is
 * LEXGATE_NOT_FOUND, an unreadable one LEXGATE_PERMISSION_DENIED or
 * LEXGATE_UNAVAILABLE, the rest as lexgate_engine_deserialize(). */
lexgate_code lexgate_engine_load(const char* path, lexgate_engine** engine,
                                 char** error);

/* The compiled engine as bytes, into *data and *size (free *data with
 * lexgate_string_free()). `size` is required: the bytes hold nulls. */
lexgate_code lexgate_engine_serialize(const lexgate_engine* engine, char** data,
                                      size_t* size, char** error);

/* 16 hex digits identifying the compiled rules; valid while the engine is. */
const char* lexgate_engine_fingerprint(const lexgate_engine* engine);

void lexgate_engine_free(lexgate_engine* engine);

/* --- scanning ---------------------------------------------------------- */

/* Sets *result to a new result (free it with lexgate_result_free()); on
 * failure *result is NULL. */
lexgate_code lexgate_scan(const lexgate_engine* engine, const char* text,
                          size_t length, lexgate_result** result, char** error);

/* The verdict of the result; LEXGATE_BLOCK for NULL (a scan that failed
 * never reads as clean text). */
lexgate_action lexgate_result_verdict(const lexgate_result* result);
size_t lexgate_result_count(const lexgate_result* result);
/* The matches ordered by start, lexgate_result_count() of them; NULL when
 * there are none. Valid while the result is. */
const lexgate_match* lexgate_result_matches(const lexgate_result* result);

void lexgate_result_free(lexgate_result* result);

/* `text` with every mask and block span replaced, into *redacted and
 * *redacted_length (free *redacted with lexgate_string_free()). */
lexgate_code lexgate_redact(const lexgate_engine* engine, const char* text,
                            size_t length, char** redacted,
                            size_t* redacted_length, char** error);

/* --- streams (chatbot output, delta by delta) -------------------------- */

/* Opens a guard for one streamed text with the default options. Fails with
 * LEXGATE_FAILED_PRECONDITION for an engine compiled without streaming. */
lexgate_code lexgate_stream_open(const lexgate_engine* engine,
                                 lexgate_stream** stream, char** error);

/* Appends `delta` and returns in *out the text now safe to show, already
 * masked (possibly empty). An internal error does not fail the call: it
 * blocks the stream (lexgate_stream_blocked(), lexgate_stream_error()).
 * Only running out of memory for the copy in *out fails it
 * (LEXGATE_RESOURCE_EXHAUSTED): the text released is lost then, so the
 * stream is blocked too, and every later call hands out "". */
lexgate_code lexgate_stream_feed(lexgate_stream* stream, const char* delta,
                                 size_t length, char** out, size_t* out_length,
                                 char** error);

/* Ends the text and returns the rest in *out ("" when called again). A
 * lexgate_stream_feed() of a non-empty delta after it is
 * LEXGATE_FAILED_PRECONDITION and blocks the stream: the delta would never
 * be screened (an empty one changes nothing). */
lexgate_code lexgate_stream_finish(lexgate_stream* stream, char** out,
                                   size_t* out_length, char** error);

/* The strongest action decided so far (LEXGATE_BLOCK after an error, and
 * for a NULL stream: one that failed to open). */
lexgate_action lexgate_stream_verdict(const lexgate_stream* stream);
/* Nonzero once a block match or an error stopped the stream (and for a
 * NULL stream): stop the model, nothing more will be released. */
int lexgate_stream_blocked(const lexgate_stream* stream);
/* The error that blocked the stream, or NULL; valid while the stream is
 * ("stream is NULL" for a NULL stream). */
const char* lexgate_stream_error(const lexgate_stream* stream);

void lexgate_stream_free(lexgate_stream* stream);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* LEXGATE_LEXGATE_C_H_ */
