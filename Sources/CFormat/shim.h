// The C library's number formatting for dlnb's DecimalText: snprintf behind a function with a fixed
// argument list, which Swift calls directly (a C variadic function it can only reach through a va_list
// that it builds with a run-time type check per argument). No library to link: the C library's own.
#include <stdio.h>

/// `value` printed with "%.<decimals><conversion>" into `buffer` (`size` bytes, terminator included);
/// snprintf's result: the characters the whole text needs, or a negative number on an error.
static inline int dlnb_format_double(char *buffer, size_t size, int decimals, char conversion, double value) {
    char format[5] = {'%', '.', '*', conversion, '\0'};
    return snprintf(buffer, size, format, decimals, value);
}
