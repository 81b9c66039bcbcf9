/* i18n.h — gettext shorthands used by every translatable string. */
#ifndef FS_I18N_H
#define FS_I18N_H

#include <libintl.h>

#define _(s) dgettext("forsat", s)
#define N_(s) (s)
/* A message with a number: s for one, p for other counts (Persian has one
 * form: po/fa.po's Plural-Forms). */
#define P_(s, p, n) dngettext("forsat", s, p, (unsigned long)(n))

#endif
