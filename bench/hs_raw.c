/* Raw Hyperscan, the baseline of the peer comparison: a small C program
 * with no lexgate in it. The keywords are compiled as escaped literals
 * (flags 0: no folding, no case-insensitivity) into one block-mode database
 * with hs_compile_multi; the callback only counts.
 *
 *   hs_raw KEYWORDS CORPUS [--runs N] [--mode both|buffer|lines]
 *
 * Two ways of scanning the same corpus, each timed best of --runs passes
 * (CLOCK_MONOTONIC, interleaved):
 *   buffer  one hs_scan over the whole file (newlines included)
 *   lines   one hs_scan per line (without its "\n"), as a service scanning
 *           one text per call would
 * Hyperscan reports every end offset of every literal, overlapping ones
 * included (a literal inside a longer word too).
 *
 * The last line of output is "HS_RAW {json}". */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <hs/hs.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  size_t cap = 1 << 20, n = 0;
  char *buf = malloc(cap + 1);
  for (;;) {
    if (n == cap) {
      cap *= 2;
      buf = realloc(buf, cap + 1);
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    if (got == 0) break;
    n += got;
  }
  fclose(f);
  buf[n] = '\0';
  *size = n;
  return buf;
}

/* "\xNN" for every byte but ASCII letters and digits. */
static char *escape_literal(const char *s, size_t len) {
  char *out = malloc(len * 4 + 1), *p = out;
  for (size_t i = 0; i < len; ++i) {
    unsigned char b = (unsigned char)s[i];
    if ((b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') ||
        (b >= 'A' && b <= 'Z')) {
      *p++ = (char)b;
    } else {
      p += sprintf(p, "\\x%02x", b);
    }
  }
  *p = '\0';
  return out;
}

static int count_match(unsigned int id, unsigned long long from,
                       unsigned long long to, unsigned int flags, void *ctx) {
  (void)id, (void)from, (void)to, (void)flags;
  ++*(uint64_t *)ctx;
  return 0;
}

static void usage(const char *argv0) {
  fprintf(stderr,
          "usage: %s KEYWORDS CORPUS [--runs N] [--mode both|buffer|lines]\n",
          argv0);
}

int main(int argc, char **argv) {
  const char *keywords_path = NULL, *corpus_path = NULL, *mode = "both";
  int runs = 3;
  for (int i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      runs = atoi(argv[++i]);
    } else if (strcmp(argv[i], "--mode") == 0 && i + 1 < argc) {
      mode = argv[++i];
    } else if (argv[i][0] == '-') {
      usage(argv[0]);
      return 2;
    } else if (keywords_path == NULL) {
      keywords_path = argv[i];
    } else if (corpus_path == NULL) {
      corpus_path = argv[i];
    } else {
      usage(argv[0]);
      return 2;
    }
  }
  const int do_buffer = strcmp(mode, "lines") != 0;
  const int do_lines = strcmp(mode, "buffer") != 0;
  if (keywords_path == NULL || corpus_path == NULL || runs < 1 ||
      (!do_buffer && !do_lines) ||
      (strcmp(mode, "both") && strcmp(mode, "buffer") && strcmp(mode, "lines"))) {
    usage(argv[0]);
    return 2;
  }

  /* Keywords: one per line, '#' lines and empty lines skipped. */
  size_t kw_size = 0, corpus_size = 0;
  char *kw = read_file(keywords_path, &kw_size);
  char *corpus = read_file(corpus_path, &corpus_size);
  if (kw == NULL || corpus == NULL) {
    fprintf(stderr, "cannot read %s\n", kw == NULL ? keywords_path : corpus_path);
    return 2;
  }
  size_t cap = 1024, n = 0;
  char **patterns = malloc(cap * sizeof *patterns);
  for (char *line = kw; line < kw + kw_size;) {
    char *end = memchr(line, '\n', (size_t)(kw + kw_size - line));
    if (end == NULL) end = kw + kw_size;
    size_t len = (size_t)(end - line);
    if (len > 0 && line[len - 1] == '\r') --len;
    if (len > 0 && line[0] != '#') {
      if (n == cap) patterns = realloc(patterns, (cap *= 2) * sizeof *patterns);
      patterns[n++] = escape_literal(line, len);
    }
    line = end + 1;
  }
  unsigned *flags = calloc(n, sizeof *flags);
  unsigned *ids = malloc(n * sizeof *ids);
  for (size_t i = 0; i < n; ++i) ids[i] = (unsigned)i;

  hs_database_t *db = NULL;
  hs_compile_error_t *err = NULL;
  double t0 = now_s();
  if (hs_compile_multi((const char *const *)patterns, flags, ids, (unsigned)n,
                       HS_MODE_BLOCK, NULL, &db, &err) != HS_SUCCESS) {
    fprintf(stderr, "hs_compile_multi: %s (expression %d)\n",
            err ? err->message : "?", err ? err->expression : -1);
    return 1;
  }
  const double compile_s = now_s() - t0;
  size_t db_bytes = 0;
  hs_database_size(db, &db_bytes);
  hs_scratch_t *scratch = NULL;
  if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
    fprintf(stderr, "hs_alloc_scratch failed\n");
    return 1;
  }

  /* Line table (without "\n" / "\r\n"; empty lines skipped). */
  size_t line_cap = 1 << 16, lines = 0, line_bytes = 0;
  const char **line_ptr = malloc(line_cap * sizeof *line_ptr);
  unsigned *line_len = malloc(line_cap * sizeof *line_len);
  for (char *p = corpus; p < corpus + corpus_size;) {
    char *end = memchr(p, '\n', (size_t)(corpus + corpus_size - p));
    if (end == NULL) end = corpus + corpus_size;
    size_t len = (size_t)(end - p);
    if (len > 0 && p[len - 1] == '\r') --len;
    if (len > 0) {
      if (lines == line_cap) {
        line_cap *= 2;
        line_ptr = realloc(line_ptr, line_cap * sizeof *line_ptr);
        line_len = realloc(line_len, line_cap * sizeof *line_len);
      }
      line_ptr[lines] = p;
      line_len[lines] = (unsigned)len;
      line_bytes += len;
      ++lines;
    }
    p = end + 1;
  }

  double best_buffer = 1e300, best_lines = 1e300;
  uint64_t buffer_matches = 0, line_matches = 0;
  for (int r = 0; r < runs; ++r) {
    if (do_buffer) {
      uint64_t count = 0;
      t0 = now_s();
      hs_scan(db, corpus, (unsigned)corpus_size, 0, scratch, count_match,
              &count);
      double s = now_s() - t0;
      if (s < best_buffer) best_buffer = s;
      buffer_matches = count;
    }
    if (do_lines) {
      uint64_t count = 0;
      t0 = now_s();
      for (size_t i = 0; i < lines; ++i) {
        hs_scan(db, line_ptr[i], line_len[i], 0, scratch, count_match, &count);
      }
      double s = now_s() - t0;
      if (s < best_lines) best_lines = s;
      line_matches = count;
    }
  }

  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  const double mb = (double)corpus_size / 1e6;
  printf("raw Hyperscan %s, %zu literals (flags 0), %zu lines, %.2f MB\n",
         hs_version(), n, lines, mb);
  printf("  compile      %8.3f s, database %zu bytes\n", compile_s, db_bytes);
  if (do_buffer) {
    printf("  whole buffer %8.3f s %8.1f MB/s %12llu matches\n", best_buffer,
           mb / best_buffer, (unsigned long long)buffer_matches);
  }
  if (do_lines) {
    printf("  per line     %8.3f s %8.1f MB/s %12llu matches\n", best_lines,
           mb / best_lines, (unsigned long long)line_matches);
  }
  printf(
      "HS_RAW {\"hyperscan\":\"%s\",\"keywords\":%zu,\"corpus_bytes\":%zu,"
      "\"line_bytes\":%zu,\"lines\":%zu,\"runs\":%d,\"compile_s\":%.4f,"
      "\"db_bytes\":%zu,\"buffer_s\":%.4f,\"buffer_matches\":%llu,"
      "\"lines_s\":%.4f,\"line_matches\":%llu,\"peak_rss_kb\":%ld}\n",
      hs_version(), n, corpus_size, line_bytes, lines, runs, compile_s,
      db_bytes, do_buffer ? best_buffer : 0.0,
      (unsigned long long)buffer_matches, do_lines ? best_lines : 0.0,
      (unsigned long long)line_matches, usage.ru_maxrss);

  hs_free_scratch(scratch);
  hs_free_database(db);
  for (size_t i = 0; i < n; ++i) free(patterns[i]);
  free(patterns);
  free(flags);
  free(ids);
  free(line_ptr);
  free(line_len);
  free(kw);
  free(corpus);
  return 0;
}
