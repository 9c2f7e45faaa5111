#ifndef RENFORT_STORAGE_CSV_READER_H_
#define RENFORT_STORAGE_CSV_READER_H_

// libfccp (Debian's packaging of the "Fast C++ CSV Parser"), included through this header only:
// its error class copies file names with strncpy, which GCC 12 flags however the header is
// included, and its reader threads are not wanted here.
#define CSV_IO_NO_THREAD
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#include <csv.h>
#pragma GCC diagnostic pop

#endif  // RENFORT_STORAGE_CSV_READER_H_
