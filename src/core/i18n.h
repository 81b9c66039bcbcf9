/* i18n.h — gettext shorthands used by every translatable string. */
#ifndef FS_I18N_H
#define FS_I18N_H

#include <libintl.h>

#define _(s) dgettext("forsat", s)
#define N_(s) (s)

#endif
