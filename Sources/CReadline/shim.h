// GNU readline and its history library, for the dlnb REPL.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
