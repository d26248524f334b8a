/* lexgate_c.h (and the version.h it includes) compile as ISO C90 with
 * -pedantic: C callers on old toolchains included. Compiled, never run. */
#include "lexgate/lexgate_c.h"

int lexgate_c89_header_check(void) { return LEXGATE_OK; }
