#include <hs/hs.h>
#include <stdio.h>

int main(void) {
  puts(hs_version());
  return 0;
}
