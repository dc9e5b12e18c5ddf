/* model_dph.c: DPH, the parameter-free divergence-from-randomness model of
 * Amati (2006) as Terrier computes it (DPH.java): with f = tf / dl,
 *   norm  = (1 - f)^2 / (tf + 1)
 *   score = boost * norm * (tf * log2(tf * avgdl / dl * N / cf)
 *                           + 0.5 * log2(2 pi tf (1 - f)))
 * where cf is the term's frequency in the collection. A document made of
 * the term alone (f = 1) has norm 0: its score is 0 (Terrier's formula
 * would compute 0 times log2(0)). */
#include "search/model.h"

#include <math.h>

double acq_model_dph(const acq_model_stats *s, uint32_t tf, uint32_t dl)
{
    if (tf == 0 || dl == 0 || tf >= dl || s->cf <= 0)
        return 0.0;
    double t = (double)tf, f = t / (double)dl;
    double norm = (1.0 - f) * (1.0 - f) / (t + 1.0);
    double v = t * log2(t * s->avgdl / (double)dl * s->n / s->cf) + 0.5 * log2(2.0 * 3.14159265358979323846 * t * (1.0 - f));
    return s->boost * norm * v;
}
