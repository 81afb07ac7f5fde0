/*
 * theme.c - the dark theme, colour by colour (theme.h).
 *
 * In HSL, lightness L becomes DARK_TOP - DARK_SPAN * L^DARK_CURVE: the
 * pale fills of the light theme become deep tints of the same hue and
 * dark text becomes light.  The curve lifts the mid-tones (the reds and
 * ambers of text and badges), which a straight line would leave as dark
 * as the fills behind them.  The ends are not pure black and white,
 * which glare on a dark page.  tests/unit/
 * test_theme.c holds every text colour against its background to WCAG's
 * 4.5:1 in both themes.
 */
#include "theme.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define DARK_TOP 0.93
#define DARK_SPAN 0.86
#define DARK_CURVE 1.8

static int hex_digit(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

/* "#rrggbb" or "#rgb" into rgb[] in [0, 1]. */
static bool parse_hex(const char *s, double rgb[3]) {
  size_t n = strlen(s);
  if (s[0] != '#' || (n != 7 && n != 4)) return false;
  int step = n == 7 ? 2 : 1;
  for (int i = 0; i < 3; i++) {
    int hi = hex_digit(s[1 + i * step]), lo = hex_digit(s[1 + i * step + step - 1]);
    if (hi < 0 || lo < 0) return false;
    rgb[i] = (hi * 16 + lo) / 255.0;
  }
  return true;
}

static double hue_part(double p, double q, double t) {
  if (t < 0) t += 1;
  if (t > 1) t -= 1;
  if (t < 1.0 / 6) return p + (q - p) * 6 * t;
  if (t < 0.5) return q;
  if (t < 2.0 / 3) return p + (q - p) * (2.0 / 3 - t) * 6;
  return p;
}

bool theme_dark(const char *light, char out[8]) {
  double rgb[3];
  if (strcasecmp(light, "white") == 0) {
    memcpy(out, THEME_DARK_PAGE, 8);
    return true;
  }
  if (strcasecmp(light, "black") == 0) light = "#000000";
  if (!parse_hex(light, rgb)) return false;
  double r = rgb[0], g = rgb[1], b = rgb[2];
  double max = r > g ? (r > b ? r : b) : (g > b ? g : b);
  double min = r < g ? (r < b ? r : b) : (g < b ? g : b);
  double l = (max + min) / 2, h = 0, s = 0;
  if (max > min) {
    double d = max - min;
    s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
    h = max == r ? (g - b) / d + (g < b ? 6 : 0) : max == g ? (b - r) / d + 2 : (r - g) / d + 4;
    h /= 6;
  }
  l = DARK_TOP - DARK_SPAN * pow(l, DARK_CURVE);
  double q = l < 0.5 ? l * (1 + s) : l + s - l * s, p = 2 * l - q;
  double out_rgb[3] = {hue_part(p, q, h + 1.0 / 3), hue_part(p, q, h), hue_part(p, q, h - 1.0 / 3)};
  snprintf(out, 8, "#%02X%02X%02X", (unsigned)(out_rgb[0] * 255 + 0.5) & 0xFF,
           (unsigned)(out_rgb[1] * 255 + 0.5) & 0xFF, (unsigned)(out_rgb[2] * 255 + 0.5) & 0xFF);
  return true;
}
