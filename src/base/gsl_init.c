/* GSL's error handler, set once for the process (STYLE.md "Errors": never GSL's abort-by-default
 * handler). gsl_set_error_handler swaps a process-wide pointer; switching it per call, as the
 * modules used to, raced between Monte Carlo threads and hid a global. Every context constructor
 * calls orf__gsl_init, so any code that reaches GSL through a context finds the handler off; GSL
 * status codes are then turned into our diagnostics where they are returned. */
#include "base_impl.h"

#include <gsl/gsl_errno.h>
#include <pthread.h>

static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;

static void gsl_handler_off(void)
{
    gsl_set_error_handler_off();
}

void orf__gsl_init(void)
{
    pthread_once(&gsl_once, gsl_handler_off);
}
