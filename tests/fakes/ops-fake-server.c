/* ops-fake-server.c: being written */
#include "config.h"
