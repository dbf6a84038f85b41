/* Text for terminal tables: display widths of UTF-8 (base_impl.h). */
#include "base/base_impl.h"

int orf__utf8_width(const char *s)
{
    int w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

void orf__fput_padded(FILE *fp, const char *s, int width, int left)
{
    int pad = width - orf__utf8_width(s);
    if (!left)
        fprintf(fp, "%*s", pad > 0 ? pad : 0, "");
    fputs(s, fp);
    if (left)
        fprintf(fp, "%*s", pad > 0 ? pad : 0, "");
}
