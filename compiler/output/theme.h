/*
 * theme.h - the dark theme, derived from the light one.
 *
 * archc's picture is designed in light colours (diagram.c and the kinds'
 * `fill` and `color` in stdlib/kinds.arch).  Rather than a second palette
 * to keep in step with the first, and with every design's own colours,
 * each colour is carried to the dark page by one function: its lightness
 * turned over, its hue and saturation kept.  The dark SVG and PNG
 * (diagram.c) and the style sheet of an SVG that follows the reader's
 * preference (svg.c) both ask it, so they draw the same picture.
 */
#ifndef ARCH_THEME_H
#define ARCH_THEME_H

#include <stdbool.h>

/* The dark page: GitHub's, so a dark diagram sits in a dark README. */
#define THEME_DARK_PAGE "#0D1117"

/* `light` on the dark page, as "#rrggbb" in `out`.  Colours are
   "#rrggbb", "#rgb", or the names white (the page: THEME_DARK_PAGE) and
   black; false, and `out` untouched, for anything else (a design's own
   named colour stays as it is). */
bool theme_dark(const char *light, char out[8]);

#endif
