// libpng, for writing and reading the PNG files of DLPlot.
#include <png.h>
