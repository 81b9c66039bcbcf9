/* demo.c — the demo database of `forsat demo` (SPEC §12).
 *
 * One generator describes every record from its index and a fixed seed
 * (identity i, product k, opportunity i), so the data is reproducible and
 * the same whichever path writes it:
 *  - small: every record goes through the domain functions as the user
 *    who would have made it (users switch with fs_session_login), so the
 *    numbers, stage log, change history, stock and balances are exactly
 *    what the program makes;
 *  - large: the setup (users, warehouses, campaigns, groups, custom fields)
 *    goes through the domain, the million-row tables are written with
 *    prepared INSERTs in large transactions, computing the derived columns
 *    with the same functions the domain uses (fs_text_search_key,
 *    money.h, fs_day_jalali_year for numbers).
 */
#include "demo.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "balance.h"
#include "campaign.h"
#include "document.h"
#include "i18n.h"
#include "identity.h"
#include "jdate.h"
#include "lookup.h"
#include "money.h"
#include "opportunity.h"
#include "product.h"
#include "session.h"
#include "stock.h"
#include "store.h"
#include "subtype.h"
#include "text.h"
#include "user.h"

#define LEN(a) ((int)(sizeof(a) / sizeof *(a)))

/* Sizes.  Large counts are divided by the scale option. */
#define SMALL_IDENTITIES 300
#define SMALL_OPPORTUNITIES 120
#define LARGE_IDENTITIES 1000000
#define LARGE_PRODUCTS 100000
#define LARGE_OPPORTUNITIES 1000000
/* Rows of the driving table per bulk transaction. */
#define BULK_IDENTITIES 50000
#define BULK_PRODUCTS 20000
#define BULK_OPPORTUNITIES 20000
/* The large demo's history: opportunities over the last two years,
 * identities over the last three. */
#define OPP_SPAN_DAYS 730
#define IDENTITY_SPAN_DAYS 1095
/* The small demo's opportunities over the last year, after its identities
 * and catalogue (SMALL_SETUP_DAYS before the first). */
#define SMALL_SPAN_DAYS 365
#define SMALL_SETUP_DAYS 60
#define SEED 0x666f72736174ULL /* "forsat" */

/* ---- deterministic random numbers -------------------------------------- */

/* xorshift64* seeded through splitmix64: each record gets its own stream
 * from (kind, index), so a record does not depend on the ones before it
 * and a bulk transaction that is retried regenerates the same rows. */
typedef struct rng {
    uint64_t s;
} rng;

/* A well-mixed 64-bit function of x (seeds the streams). */
static uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* The stream of record `index` of `kind`. */
static void rng_init(rng *r, uint64_t kind, int64_t index)
{
    r->s = splitmix64(SEED ^ splitmix64(kind * 0x100000001B3ULL + (uint64_t)index));
    if (!r->s)
        r->s = 1;
}

/* The next 64 random bits. */
static uint64_t rng_next(rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545F4914F6CDD1DULL;
}

/* 0 … n-1 (n > 0). */
static int64_t rng_below(rng *r, int64_t n)
{
    return (int64_t)((rng_next(r) >> 11) % (uint64_t)n);
}

/* lo … hi inclusive. */
static int64_t rng_range(rng *r, int64_t lo, int64_t hi)
{
    return lo + rng_below(r, hi - lo + 1);
}

/* True with the given chance in percent. */
static bool rng_chance(rng *r, int percent)
{
    return rng_below(r, 100) < percent;
}

/* One stream of numbers per kind of record (and per use within it). */
enum stream {
    STREAM_IDENTITY = 1, STREAM_IDENTITY_DATE, STREAM_PRODUCT, STREAM_STOCK, STREAM_OPP, STREAM_OPP_DATE,
    STREAM_PROFORMA, STREAM_INVOICE
};

/* ---- Persian data -------------------------------------------------------- */

struct name_pair {
    const char *fa, *latin;
};

static const struct name_pair first_names[] = {
    { "علی", "ali" },           { "محمد", "mohammad" },        { "حسین", "hossein" },
    { "رضا", "reza" },          { "مهدی", "mahdi" },           { "امیر\u200cحسین", "amirhossein" },
    { "محمد\u200cرضا", "mohammadreza" }, { "حمید", "hamid" },  { "سعید", "saeed" },
    { "مجید", "majid" },        { "کاظم", "kazem" },           { "یوسف", "yousef" },
    { "جواد", "javad" },        { "مصطفی", "mostafa" },        { "احمد", "ahmad" },
    { "بهرام", "bahram" },      { "کیوان", "keyvan" },         { "آرش", "arash" },
    { "بابک", "babak" },        { "پیمان", "peyman" },         { "سارا", "sara" },
    { "مریم", "maryam" },       { "زهرا", "zahra" },           { "فاطمه", "fatemeh" },
    { "نرگس", "narges" },       { "لیلا", "leila" },           { "مینا", "mina" },
    { "شیرین", "shirin" },      { "الهام", "elham" },          { "سمیرا", "samira" },
    { "نازنین", "nazanin" },    { "پریسا", "parisa" },         { "نیلوفر", "niloofar" },
    { "هستی", "hasti" },        { "یاسمن", "yasaman" },        { "کیمیا", "kimia" },
    { "ستاره", "setareh" },     { "فرشته", "fereshteh" },      { "الناز", "elnaz" },
    { "آزاده", "azadeh" },
};

static const struct name_pair last_names[] = {
    { "محمدی", "mohammadi" },   { "احمدی", "ahmadi" },         { "حسینی", "hosseini" },
    { "رضایی", "rezaei" },      { "کریمی", "karimi" },         { "موسوی", "mousavi" },
    { "جعفری", "jafari" },      { "کاظمی", "kazemi" },         { "صادقی", "sadeghi" },
    { "رحیمی", "rahimi" },      { "هاشمی", "hashemi" },        { "قاسمی", "ghasemi" },
    { "نوری", "nouri" },        { "عباسی", "abbasi" },         { "ابراهیمی", "ebrahimi" },
    { "مرادی", "moradi" },      { "سلطانی", "soltani" },       { "یزدانی", "yazdani" },
    { "شریفی", "sharifi" },     { "طاهری", "taheri" },         { "نجفی", "najafi" },
    { "فراهانی", "farahani" },  { "تهرانی", "tehrani" },       { "اصفهانی", "esfahani" },
    { "شیرازی", "shirazi" },    { "کرمانی", "kermani" },       { "بهرامی", "bahrami" },
    { "اکبری", "akbari" },      { "امینی", "amini" },          { "زارعی", "zarei" },
    { "حیدری", "heidari" },     { "ملکی", "maleki" },          { "فرهادی", "farhadi" },
    { "قربانی", "ghorbani" },   { "حسین\u200cزاده", "hosseinzadeh" }, { "قلی\u200cپور", "gholipour" },
    { "علی\u200cنژاد", "alinejad" }, { "میرزایی", "mirzaei" }, { "پاکزاد", "pakzad" },
    { "توکلی", "tavakoli" },
};

static const char *const org_kinds[] = { "شرکت", "گروه صنعتی", "فروشگاه" };

struct org_base {
    int kind; /* index into org_kinds */
    const char *name, *slug;
};

static const struct org_base org_bases[] = {
    { 0, "فولاد مبارکه", "mobarakehsteel" },    { 0, "پارس الکتریک", "parselectric" },
    { 0, "صنایع غذایی سحر", "saharfood" },       { 0, "کاشی میبد", "meybodtile" },
    { 0, "سیمان شرق", "simansharq" },            { 0, "داروسازی اکسیر", "exirpharma" },
    { 0, "مهندسی نیروگستر", "niroogostar" },     { 0, "حمل و نقل آریا", "ariatrans" },
    { 0, "نرم\u200cافزاری داده\u200cکاوان", "dadekavan" }, { 0, "پخش البرز", "alborzpakhsh" },
    { 0, "ساختمانی پی\u200cریزان", "pirizan" },  { 0, "پوشاک نگین", "neginwear" },
    { 0, "لبنیات دامداران", "damdaran" },        { 0, "بیمه آرمان", "armanins" },
    { 0, "خدمات مالی پارسه", "parseh" },         { 1, "سپاهان", "sepahan" },
    { 1, "بهمن", "bahmangroup" },                { 1, "صنعتگران کویر", "kavirind" },
    { 1, "نیک\u200cصنعت", "niksanat" },          { 1, "آسیا تک", "asiatech" },
    { 1, "پارس\u200cمینو", "parsminoo" },        { 1, "مهرام", "mahramgroup" },
    { 1, "زرین\u200cرو", "zarinroo" },           { 1, "شهاب", "shahabgroup" },
    { 1, "البرز دارو", "alborzdaru" },           { 2, "رایانه پارسیان", "parsianpc" },
    { 2, "کامپیوتر نوین", "novinpc" },           { 2, "دیجیتال البرز", "digialborz" },
    { 2, "لوازم اداری ستاره", "setarehoffice" }, { 2, "موبایل آسمان", "asemanmobile" },
    { 2, "رایانه\u200cای مهرگان", "mehreganpc" }, { 2, "تجهیزات شبکه پیشرو", "pishronet" },
    { 2, "لوازم خانگی امید", "omidhome" },       { 2, "کتاب و نوشت\u200cافزار فردوسی", "ferdowsibook" },
    { 2, "ابزار صنعتی مهر", "mehrtools" },       { 0, "تولیدی کارتن\u200cسازی البرز", "alborzcarton" },
    { 0, "هتلداری پارسیان", "parsianhotel" },    { 0, "آموزشگاه زبان سفیر", "safirlang" },
    { 0, "بیمارستان مهر", "mehrhospital" },      { 0, "مشاوران حقوقی عدالت", "edalatlaw" },
};

struct city {
    const char *fa, *area;
};

static const struct city cities[] = {
    { "تهران", "021" }, { "اصفهان", "031" }, { "شیراز", "071" }, { "مشهد", "051" },
    { "تبریز", "041" }, { "کرج", "026" },    { "قم", "025" },    { "اهواز", "061" },
    { "رشت", "013" },   { "یزد", "035" },    { "کرمان", "034" }, { "همدان", "081" },
};

static const char *const streets[] = {
    "خیابان ولیعصر", "خیابان آزادی", "بلوار کشاورز", "خیابان چهارباغ", "خیابان انقلاب",
    "بلوار فردوس", "خیابان شریعتی", "خیابان امام خمینی", "بلوار معلم", "خیابان حافظ",
};

static const char *const mobile_prefixes[] = { "0912", "0935", "0919", "0901", "0937", "0913" };

/* The first identities are fixed: three organizations that are also the
 * competitors opportunities name (so competitors link to identities), and
 * a name stored with Arabic letters. */
static const struct {
    bool org;
    const char *name;
} fixed_identities[] = {
    { false, "علي كريمي" },
    { true, "شرکت داده\u200cپردازان نوین" },
    { true, "شرکت فناوران پارس" },
    { true, "شرکت رایان\u200cسامانه شرق" },
};
#define NFIXED LEN(fixed_identities)

/* Competitors: the three organizations above, then free text. */
static const char *const competitors[] = {
    "شرکت داده\u200cپردازان نوین", "شرکت فناوران پارس", "شرکت رایان\u200cسامانه شرق",
    "فروشگاه\u200cهای اینترنتی", "واردکننده مستقیم",
};
static const char *const competitor_notes[] = {
    "قیمت پایین\u200cتر داده است", "گارانتی طولانی\u200cتر", "تحویل سریع\u200cتر", NULL,
};

static const char *const departments[] = {
    "واحد مالی", "واحد فروش", "دفتر مرکزی", "شعبه اصفهان", "شعبه شیراز", "مرکز داده",
    "واحد فناوری اطلاعات", "کارخانه قزوین", "انبار مرکزی", "واحد منابع انسانی", "دفتر مشهد",
    "آزمایشگاه کنترل کیفیت",
};

static const char *const payment_methods[] = { "نقد", "اقساط", "چک" };

/* The product-group tree: parents come before their children. */
static const struct {
    const char *name;
    int parent; /* index, -1 = a root */
} group_seeds[] = {
    { "رایانه", -1 },                    /* 0 */
    { "لپ\u200cتاپ", 0 },                /* 1 */
    { "رایانه رومیزی و مانیتور", 0 },    /* 2 */
    { "لوازم جانبی", 0 },                /* 3 */
    { "شبکه", -1 },                      /* 4 */
    { "سوئیچ و روتر", 4 },               /* 5 */
    { "تجهیزات بی\u200cسیم", 4 },        /* 6 */
    { "نرم\u200cافزار", -1 },            /* 7 */
    { "خدمات", -1 },                     /* 8 */
};
#define NGROUPS LEN(group_seeds)

/* The catalogue.  title: the title of an opportunity built around the
 * product, {n} = quantity, {d} = department. */
struct product_seed {
    const char *code, *name;
    int group;
    const char *unit;
    int64_t price;        /* Rial */
    bool stock, taxable, service;
    int qmin, qmax;       /* whole units on an opportunity line */
    const char *title;
};

static const struct product_seed product_seeds[] = {
    { "LT-1001", "لپ\u200cتاپ ایسوس ویووبوک ۱۵", 1, "piece", 450000000, true, true, false, 1, 20,
      "خرید {n} دستگاه لپ\u200cتاپ برای {d}" },
    { "LT-1002", "لپ\u200cتاپ لنوو ThinkPad E14", 1, "piece", 620000000, true, true, false, 1, 20,
      "خرید {n} دستگاه لپ\u200cتاپ لنوو برای {d}" },
    { "LT-1003", "لپ\u200cتاپ اچ\u200cپی ProBook 450", 1, "piece", 580000000, true, true, false, 1, 15,
      "خرید {n} دستگاه لپ\u200cتاپ اچ\u200cپی برای {d}" },
    { "LT-1004", "لپ\u200cتاپ ایسر Aspire 7", 1, "piece", 390000000, true, true, false, 1, 25,
      "خرید {n} دستگاه لپ\u200cتاپ برای {d}" },
    { "LT-1005", "لپ\u200cتاپ دل Latitude 5440", 1, "piece", 710000000, true, true, false, 1, 10,
      "خرید {n} دستگاه لپ\u200cتاپ دل برای {d}" },
    { "LT-1006", "مک\u200cبوک ایر M2", 1, "piece", 980000000, true, true, false, 1, 5,
      "خرید {n} دستگاه مک\u200cبوک برای {d}" },
    { "PC-2001", "رایانه رومیزی اداری Core i5", 2, "piece", 320000000, true, true, false, 2, 40,
      "تجهیز {d} به {n} رایانه رومیزی" },
    { "PC-2002", "رایانه رومیزی گرافیکی Core i7", 2, "piece", 650000000, true, true, false, 1, 10,
      "خرید {n} دستگاه رایانه گرافیکی برای {d}" },
    { "PC-2003", "آل\u200cاین\u200cوان لنوو IdeaCentre", 2, "piece", 480000000, true, true, false, 1, 20,
      "خرید {n} دستگاه آل\u200cاین\u200cوان برای {d}" },
    { "PC-2004", "مانیتور ۲۴ اینچ سامسونگ", 2, "piece", 85000000, true, true, false, 2, 50,
      "خرید {n} دستگاه مانیتور برای {d}" },
    { "PC-2005", "مانیتور ۲۷ اینچ ال\u200cجی", 2, "piece", 140000000, true, true, false, 1, 30,
      "خرید {n} دستگاه مانیتور ۲۷ اینچ برای {d}" },
    { "AC-3001", "ماوس بی\u200cسیم لاجیتک M185", 3, "piece", 2500000, true, true, false, 5, 100,
      "خرید {n} عدد ماوس برای {d}" },
    { "AC-3002", "کیبورد و ماوس بی\u200cسیم لاجیتک MK270", 3, "piece", 6800000, true, true, false, 5, 80,
      "خرید {n} ست کیبورد و ماوس برای {d}" },
    { "AC-3003", "هدست A4Tech HS-60", 3, "piece", 3900000, true, true, false, 5, 60,
      "خرید {n} عدد هدست برای {d}" },
    { "AC-3004", "وب\u200cکم لاجیتک C920", 3, "piece", 18500000, true, true, false, 2, 30,
      "خرید {n} عدد وب\u200cکم برای {d}" },
    { "AC-3005", "هارد اکسترنال ۱ ترابایت وسترن دیجیتال", 3, "piece", 32000000, true, true, false, 2, 40,
      "خرید {n} عدد هارد اکسترنال برای {d}" },
    { "AC-3006", "فلش مموری ۶۴ گیگابایت سن\u200cدیسک", 3, "piece", 2900000, true, true, false, 10, 200,
      "خرید {n} عدد فلش مموری برای {d}" },
    { "AC-3007", "کیف لپ\u200cتاپ ۱۵٫۶ اینچ", 3, "piece", 4500000, true, false, false, 5, 50,
      "خرید {n} عدد کیف لپ\u200cتاپ برای {d}" },
    { "AC-3008", "پرینتر لیزری اچ\u200cپی M211", 3, "piece", 145000000, true, true, false, 1, 10,
      "خرید {n} دستگاه پرینتر لیزری برای {d}" },
    { "AC-3009", "کارتریج تونر اچ\u200cپی 135A", 3, "piece", 9800000, true, true, false, 5, 100,
      "خرید {n} عدد کارتریج برای {d}" },
    { "AC-3010", "یو\u200cپی\u200cاس ۱ کیلوولت\u200cآمپر فاراتل", 3, "piece", 38000000, true, true, false, 1, 20,
      "خرید {n} دستگاه یو\u200cپی\u200cاس برای {d}" },
    { "AC-3011", "کاغذ A4 کپی\u200cمکس (جعبه ۵ بسته\u200cای)", 3, "box", 14500000, true, false, false, 5, 60,
      "تأمین {n} جعبه کاغذ A4 برای {d}" },
    { "NW-4001", "سوئیچ ۲۴ پورت سیسکو SG350", 5, "piece", 290000000, true, true, false, 1, 8,
      "راه\u200cاندازی شبکه {d} با {n} سوئیچ سیسکو" },
    { "NW-4002", "سوئیچ ۸ پورت تی\u200cپی\u200cلینک", 5, "piece", 7500000, true, true, false, 2, 30,
      "خرید {n} دستگاه سوئیچ برای {d}" },
    { "NW-4003", "روتر میکروتیک RB4011", 5, "piece", 165000000, true, true, false, 1, 5,
      "خرید {n} دستگاه روتر برای {d}" },
    { "NW-4004", "فایروال فورتی\u200cگیت 60F", 5, "piece", 420000000, true, true, false, 1, 3,
      "امن\u200cسازی شبکه {d} با {n} فایروال" },
    { "NW-4005", "کابل شبکه Cat6 لگراند", 5, "metre", 450000, true, true, false, 50, 1000,
      "کابل\u200cکشی {n} متری شبکه {d}" },
    { "NW-4006", "رک ۹ یونیت دیواری", 5, "piece", 26000000, true, true, false, 1, 10,
      "خرید {n} عدد رک دیواری برای {d}" },
    { "NW-4007", "پچ\u200cپنل ۲۴ پورت Cat6", 5, "piece", 8700000, true, true, false, 1, 20,
      "خرید {n} عدد پچ\u200cپنل برای {d}" },
    { "WL-5001", "اکسس\u200cپوینت یوبیکیتی UniFi U6", 6, "piece", 68000000, true, true, false, 2, 30,
      "پوشش بی\u200cسیم {d} با {n} اکسس\u200cپوینت" },
    { "WL-5002", "مودم روتر تی\u200cپی\u200cلینک Archer", 6, "piece", 9200000, true, true, false, 1, 20,
      "خرید {n} دستگاه مودم برای {d}" },
    { "WL-5003", "آنتن وایرلس میکروتیک SXT", 6, "piece", 24000000, true, true, false, 2, 10,
      "ارتباط بی\u200cسیم {d} با {n} آنتن" },
    { "SW-6001", "ویندوز ۱۱ پرو (لایسنس)", 7, "piece", 28000000, false, true, false, 5, 100,
      "خرید {n} لایسنس ویندوز برای {d}" },
    { "SW-6002", "آفیس ۲۰۲۱ (لایسنس)", 7, "piece", 35000000, false, true, false, 5, 100,
      "خرید {n} لایسنس آفیس برای {d}" },
    { "SW-6003", "آنتی\u200cویروس کسپرسکی (۱۰ کاربره)", 7, "piece", 42000000, false, true, false, 1, 20,
      "تمدید {n} لایسنس آنتی\u200cویروس {d}" },
    { "SW-6004", "نرم\u200cافزار حسابداری هلو", 7, "piece", 75000000, false, true, false, 1, 5,
      "نرم\u200cافزار حسابداری برای {d}" },
    { "SV-7001", "نصب و راه\u200cاندازی شبکه", 8, "hour", 3500000, false, true, true, 8, 120,
      "نصب و راه\u200cاندازی شبکه {d} ({n} ساعت)" },
    { "SV-7002", "پشتیبانی سالانه سخت\u200cافزار", 8, "service", 120000000, false, true, true, 1, 1,
      "قرارداد پشتیبانی سالانه {d}" },
    { "SV-7003", "آموزش کاربران", 8, "hour", 2000000, false, false, true, 4, 40,
      "آموزش {n} ساعته کاربران {d}" },
    { "SV-7004", "ارتقای سخت\u200cافزار", 8, "service", 15000000, false, true, true, 1, 10,
      "ارتقای سخت\u200cافزار {n} دستگاه {d}" },
};
#define NSEEDS LEN(product_seeds)

/* Users the demo adds; the admin who runs it is the fifth. */
static const struct {
    const char *login, *name, *role;
} demo_users[] = {
    { "sara", "سارا محمدی", "sales_rep" },
    { "hamid", "حمید کاظمی", "sales_rep" },
    { "reza", "رضا احمدی", "sales_manager" },
    { "maryam", "مریم حسینی", "financial_manager" },
    { "ali", "علی رضایی", "warehouse_keeper" },
};
enum { U_SARA, U_HAMID, U_REZA, U_MARYAM, U_ALI, U_ADMIN, NUSERS };
/* Who sells: weights out of 100 for sara, hamid, reza, admin. */
static const int seller_of[] = { U_SARA, U_HAMID, U_REZA, U_ADMIN };
static const int seller_weight[] = { 38, 37, 17, 8 };

/* The default subtype's stages, and the probability an opportunity has
 * in each. */
static const char *const stage_keys[] = { "contact", "needs", "proforma", "negotiation", "won", "lost" };
enum { ST_CONTACT, ST_NEEDS, ST_PROFORMA, ST_NEGOTIATION, ST_WON, ST_LOST, NSTAGES };
static const int stage_probability[] = { 10, 25, 50, 70, 100, 0 };

static const char *const source_keys[] = { "phone", "advertising", "exhibition", "referral",
                                            "seminar", "partner", "direct", "customers" };
static const char *const type_keys[] = { "standard", "bulk", "delivery", "special" };
static const int type_weight[] = { 60, 20, 10, 10 };
static const char *const process_keys[] = { "individual", "group" };
static const char *const win_keys[] = { "price", "quality", "relationship", "delivery_time" };
static const char *const loss_keys[] = { "price", "competitor", "no_budget", "no_decision", "lost_contact" };
static const int64_t discount_bps[] = { 200, 300, 500, 700, 1000, 1500 };

static const char *const table_names[FS_DEMO_TABLE_COUNT] = {
    [FS_DEMO_USER] = "user",
    [FS_DEMO_IDENTITY] = "identity",
    [FS_DEMO_CAMPAIGN] = "campaign",
    [FS_DEMO_PRODUCT_GROUP] = "product_group",
    [FS_DEMO_PRODUCT] = "product",
    [FS_DEMO_WAREHOUSE] = "warehouse",
    [FS_DEMO_STOCK_MOVE] = "stock_move",
    [FS_DEMO_OPPORTUNITY] = "opportunity",
    [FS_DEMO_OPP_LINE] = "opp_line",
    [FS_DEMO_OPP_COMPETITOR] = "opp_competitor",
    [FS_DEMO_OPP_FIELD_VALUE] = "opp_field_value",
    [FS_DEMO_STAGE_LOG] = "stage_log",
    [FS_DEMO_DOCUMENT] = "document",
    [FS_DEMO_DOC_LINE] = "doc_line",
    [FS_DEMO_MONEY_ITEM] = "money_item",
    [FS_DEMO_CHANGE_LOG] = "change_log",
};

const char *fs_demo_table_name(enum fs_demo_table t) { return table_names[t]; }

/* ---- small text helpers --------------------------------------------------- */

/* v in Persian digits (U+06F0…U+06F9, two bytes each). */
static void fa_number(int64_t v, char *out, size_t n)
{
    char latin[24];
    snprintf(latin, sizeof latin, "%" PRId64, v);
    size_t o = 0;
    for (const char *p = latin; *p && o + 3 <= n; p++) {
        if (*p >= '0' && *p <= '9') {
            out[o++] = (char)0xDB;
            out[o++] = (char)(0xB0 + (*p - '0'));
        } else {
            out[o++] = *p;
        }
    }
    out[o] = '\0';
}

/* Rewrites ی (U+06CC) as Arabic ي (U+064A) and ک (U+06A9) as Arabic ك
 * (U+0643) in place, as names typed on an Arabic keyboard are stored: the
 * search must still find them.  Both pairs are two bytes in UTF-8. */
static void arabic_letters(char *s)
{
    for (unsigned char *p = (unsigned char *)s; p[0] && p[1]; p++) {
        if (p[0] == 0xDB && p[1] == 0x8C) {
            p[0] = 0xD9, p[1] = 0x8A;
            p++;
        } else if (p[0] == 0xDA && p[1] == 0xA9) {
            p[0] = 0xD9, p[1] = 0x83;
            p++;
        }
    }
}

/* Copies template t into out with {n} → qty and {d} → dept. */
static void fill_title(const char *t, const char *qty, const char *dept, char *out, size_t n)
{
    size_t o = 0;
    while (*t && o + 1 < n) {
        const char *with = NULL;
        if (t[0] == '{' && t[1] && t[2] == '}')
            with = t[1] == 'n' ? qty : t[1] == 'd' ? dept : NULL;
        if (with) {
            size_t l = strlen(with);
            if (o + l >= n)
                break;
            memcpy(out + o, with, l);
            o += l;
            t += 3;
        } else {
            out[o++] = *t++;
        }
    }
    out[o] = '\0';
}

/* A pick by weights (summing to 100). */
static int weighted(rng *r, const int *w, int n)
{
    int x = (int)rng_below(r, 100);
    for (int i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

/* FS_ERUNTIME "out of memory". */
static int oom(fs_err *e) { return fs_err_set(e, FS_ERUNTIME, "", _("out of memory.")); }

/* Milliseconds on the monotonic clock (for the elapsed time). */
static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- what the demo knows about the database -------------------------------- */

/* A product as the generators need it. */
struct prod {
    int64_t id;
    int64_t price;     /* Rial; every demo product has one */
    int seed;          /* index into product_seeds */
    bool stock, taxable;
    char code[16];
    char *name;        /* as stored */
};

/* ISO form and Jalali year of a day, computed once per day (the Jalali
 * conversion goes through ICU and a million calls would show). */
struct day_info {
    char iso[11];
    int jyear;
};

/* Everything the generators and writers share: sizes, today, the ids of
 * what setup created, the catalogue and the identity ids. */
struct world {
    fs_session *s;
    bool large;
    int64_t n_ident, n_prod, n_opp;
    fs_day today;
    fs_day dmin, dmax;         /* the day table covers dmin … dmax */
    struct day_info *days;
    int jyear_min;
    char admin_login[64];
    int64_t user_id[NUSERS];
    char login[NUSERS][64];
    int64_t subtype_id, stage_id[NSTAGES];
    int64_t source_id[LEN(source_keys)], type_id[LEN(type_keys)], process_id[LEN(process_keys)];
    int64_t win_id[LEN(win_keys)], loss_id[LEN(loss_keys)];
    int64_t seed_unit[NSEEDS];
    int64_t campaign_id[2], group_id[NGROUPS], warehouse_id[2];
    int64_t field_budget, field_payment;
    int64_t tax_bp[2], duties_bp[2]; /* proforma, invoice */
    int64_t valid_days;
    struct prod *prod;         /* n_prod */
    int64_t *ident_id;         /* n_ident */
};

/* The day table's entry for d (clamped to the table). */
static const struct day_info *day_at(const struct world *w, fs_day d)
{
    if (d < w->dmin)
        d = w->dmin;
    if (d > w->dmax)
        d = w->dmax;
    return &w->days[d - w->dmin];
}

/* "YYYY-MM-DDTHH:MM:SSZ" on day d at a working hour in Tehran. */
static void day_ts(const struct world *w, fs_day d, rng *r, char out[21])
{
    snprintf(out, 21, "%sT%02d:%02d:%02dZ", day_at(w, d)->iso, (int)rng_range(r, 5, 13), (int)rng_below(r, 60),
             (int)rng_below(r, 60));
}

/* ---- generators ------------------------------------------------------------ */

/* An identity as typed, with numbers in Latin digits. */
struct ident {
    bool org;
    char name[512];
    char phone[24], mobile[24];
    char national_id[16], economic_code[16];
    char email[128];
    char address[512];
    int source;   /* index into source_keys, -1 = none */
    int owner;    /* a user index */
};

/* n random digits. */
static void digits(rng *r, int n, char *out)
{
    for (int i = 0; i < n; i++)
        out[i] = (char)('0' + (i == 0 ? rng_range(r, 1, 9) : rng_below(r, 10)));
    out[n] = '\0';
}

/* Identity i.  One in four is an organization; people's names run through
 * all 1,600 first-and-last-name pairs before one repeats.  Phone and
 * mobile numbers are distinct for every index (multiplications by a number
 * prime to the modulus), so the duplicate-number rule never fires. */
static void gen_identity(int64_t i, struct ident *p)
{
    rng r;
    rng_init(&r, STREAM_IDENTITY, i);
    memset(p, 0, sizeof *p);
    int64_t orgs_before = (i + 2) / 4;
    p->org = i % 4 == 1;
    int city = (int)rng_below(&r, LEN(cities));
    if (i < NFIXED) {
        p->org = fixed_identities[i].org;
        snprintf(p->name, sizeof p->name, "%s", fixed_identities[i].name);
    } else if (p->org) {
        int64_t round = orgs_before / LEN(org_bases);
        const struct org_base *b = &org_bases[(orgs_before * 17) % LEN(org_bases)];
        if (round == 0)
            snprintf(p->name, sizeof p->name, "%s %s", org_kinds[b->kind], b->name);
        else
            snprintf(p->name, sizeof p->name, "%s %s شعبه %s", org_kinds[b->kind], b->name,
                     cities[(round - 1) % LEN(cities)].fa);
        if (rng_chance(&r, 60))
            snprintf(p->email, sizeof p->email, "info@%s.ir", b->slug);
        if (rng_chance(&r, 50))
            digits(&r, 12, p->economic_code);
    } else {
        int64_t q = i - orgs_before;
        int64_t c = (q * 7919 + 13) % (LEN(first_names) * LEN(last_names));
        const struct name_pair *f = &first_names[c % LEN(first_names)], *l = &last_names[c / LEN(first_names)];
        snprintf(p->name, sizeof p->name, "%s %s", f->fa, l->fa);
        if (rng_chance(&r, 30))
            snprintf(p->email, sizeof p->email, "%s.%s%" PRId64 "@gmail.com", f->latin, l->latin, q % 100);
        if (rng_chance(&r, 40))
            digits(&r, 10, p->national_id);
    }
    if (i >= NFIXED && rng_chance(&r, 8))
        arabic_letters(p->name);
    bool mobile = p->org ? rng_chance(&r, 30) : rng_chance(&r, 95);
    bool phone = p->org || rng_chance(&r, 20);
    if (mobile)
        snprintf(p->mobile, sizeof p->mobile, "%s%07" PRIu64, mobile_prefixes[i % LEN(mobile_prefixes)],
                 (uint64_t)(((uint64_t)i * 2654435761U + 3141593U) % 10000000U));
    if (phone)
        snprintf(p->phone, sizeof p->phone, "%s%08" PRIu64, cities[city].area,
                 (uint64_t)(20000000U + ((uint64_t)i * 37192581U + 5281937U) % 80000000U));
    if (rng_chance(&r, 50)) {
        char no[16];
        fa_number(rng_range(&r, 1, 240), no, sizeof no);
        snprintf(p->address, sizeof p->address, "%s، %s، پلاک %s", cities[city].fa,
                 streets[rng_below(&r, LEN(streets))], no);
    }
    p->source = rng_chance(&r, 90) ? (int)rng_below(&r, LEN(source_keys)) : -1;
    p->owner = seller_of[weighted(&r, seller_weight, LEN(seller_weight))];
}

/* Product k: the catalogue's own products first, then models of them
 * ("… سری ۱۲") with codes like LT-000041 and prices within −20 … +30 %. */
static void gen_product(int64_t k, int *seed, char *code, size_t ncode, char *name, size_t nname, int64_t *price)
{
    *seed = (int)(k % NSEEDS);
    const struct product_seed *p = &product_seeds[*seed];
    if (k < NSEEDS) {
        snprintf(code, ncode, "%s", p->code);
        snprintf(name, nname, "%s", p->name);
        *price = p->price;
        return;
    }
    rng r;
    rng_init(&r, STREAM_PRODUCT, k);
    char no[32];
    fa_number(k / NSEEDS, no, sizeof no);
    snprintf(code, ncode, "%.2s-%06" PRId64, p->code, k + 1);
    snprintf(name, nname, "%s سری %s", p->name, no);
    int64_t v = p->price / 100 * rng_range(&r, 80, 130);
    *price = v < 10000 ? v : v / 10000 * 10000;
}

/* One product line as planned, with the money computed as the domain
 * computes it (opportunity.c compute_line). */
struct line_plan {
    int64_t product;          /* catalogue index */
    int64_t qty;              /* 1/FS_QTY_SCALE */
    int disc;                 /* 0 none, 1 percentage, 2 amount */
    int64_t discount_bp, discount, total, final;
};

/* Everything about opportunity i: the fields, lines, competitors, custom
 * values, the stages it goes through and the documents and money that
 * follow, and their days (the small demo writes each record at its day
 * through the domain, with the session's today and a pinned clock). */
struct opp_plan {
    int64_t identity;         /* identity index */
    int stage, via;           /* final stage; a lost one is reached from `via` */
    int user;                 /* creator and assignee */
    int type, source, process, campaign; /* indexes, -1 = none */
    int probability;
    bool important;
    int reason;               /* win or loss reason index */
    fs_day created, changed, close;
    int nlines;
    struct line_plan line[5];
    int64_t amount;           /* Σ line finals */
    int ncomp, comp[2], comp_note[2];
    int64_t budget;           /* 0 = none */
    int payment;              /* -1 = none */
    int proforma, invoice;    /* 0 = none, else 1 + enum fs_doc_status */
    int receipt;              /* percent of the approved invoice received, 0 = none */
    int advance;              /* percent of the amount received in advance, 0 = none */
    fs_day proforma_day;
    char title[600];
};

/* Fills in the money of line l (price from the catalogue). */
static void plan_line_money(const struct world *w, struct line_plan *l)
{
    fs_money_mul_qty(w->prod[l->product].price, l->qty, &l->total);
    if (l->disc == 1) {
        fs_money_percent(l->total, l->discount_bp, &l->discount);
    } else if (l->disc == 2) {
        fs_money_ratio_bp(l->discount, l->total, &l->discount_bp);
        if (l->discount_bp > FS_BP_SCALE)
            l->discount_bp = FS_BP_SCALE;
    } else {
        l->discount = l->discount_bp = 0;
    }
    l->final = l->total - l->discount;
}

/* Plans opportunity i; w->prod must be filled. */
static void plan_opp(const struct world *w, int64_t i, struct opp_plan *p)
{
    rng r;
    rng_init(&r, STREAM_OPP, i);
    memset(p, 0, sizeof *p);
    /* Every stage in every run of 20: 15 % in each open stage, 25 % won,
     * 15 % lost. */
    static const int stage_of[20] = { 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5 };
    p->stage = stage_of[(i * 7) % 20];
    int span = w->large ? OPP_SPAN_DAYS : SMALL_SPAN_DAYS;
    p->created = w->today - span + (fs_day)(i * span / w->n_opp);
    /* An identity that existed when the opportunity was made. */
    int64_t bound = w->n_ident;
    if (w->large) {
        bound = w->n_ident * (p->created - (w->today - IDENTITY_SPAN_DAYS)) / IDENTITY_SPAN_DAYS;
        bound = bound < 1 ? 1 : bound > w->n_ident ? w->n_ident : bound;
    }
    p->identity = rng_below(&r, bound);
    p->user = seller_of[weighted(&r, seller_weight, LEN(seller_weight))];
    p->type = weighted(&r, type_weight, LEN(type_weight));
    p->campaign = rng_chance(&r, 20) ? (int)rng_below(&r, 2) : -1;
    p->source = p->campaign == 0 ? 2 : p->campaign == 1 ? 1
              : rng_chance(&r, 85) ? (int)rng_below(&r, LEN(source_keys)) : -1;
    p->process = rng_chance(&r, 70) ? (int)rng_below(&r, LEN(process_keys)) : -1;
    p->important = rng_chance(&r, 10);
    p->probability = stage_probability[p->stage];
    if (p->stage < ST_WON)
        p->probability += (int)rng_range(&r, -5, 5);

    p->nlines = 1 + (int)rng_below(&r, w->large ? 5 : 4);
    for (int k = 0; k < p->nlines; k++) {
        struct line_plan *l = &p->line[k];
        for (int tries = 0; tries < 5; tries++) {
            l->product = rng_below(&r, w->n_prod);
            bool dup = false;
            for (int j = 0; j < k; j++)
                dup = dup || p->line[j].product == l->product;
            if (!dup)
                break;
        }
        const struct product_seed *sd = &product_seeds[w->prod[l->product].seed];
        l->qty = rng_range(&r, sd->qmin, sd->qmax) * FS_QTY_SCALE;
        int x = (int)rng_below(&r, 100);
        if (x < 25) {
            l->disc = 1;
            l->discount_bp = discount_bps[rng_below(&r, LEN(discount_bps))];
        } else if (x < 30) {
            /* A round amount off, the way salespeople give one. */
            int64_t total;
            fs_money_mul_qty(w->prod[l->product].price, l->qty, &total);
            l->discount = total / 100 * rng_range(&r, 1, 8) / 100000 * 100000;
            l->disc = l->discount > 0 ? 2 : 0;
        }
        plan_line_money(w, l);
        p->amount += l->final;
    }
    char qty[32];
    fa_number(p->line[0].qty / FS_QTY_SCALE, qty, sizeof qty);
    fill_title(product_seeds[w->prod[p->line[0].product].seed].title, qty,
               departments[rng_below(&r, LEN(departments))], p->title, sizeof p->title);

    if (rng_chance(&r, 25)) {
        p->ncomp = 1 + (int)rng_below(&r, 2);
        p->comp[0] = (int)rng_below(&r, LEN(competitors));
        p->comp[1] = (p->comp[0] + 1 + (int)rng_below(&r, LEN(competitors) - 1)) % LEN(competitors);
        p->comp_note[0] = (int)rng_below(&r, LEN(competitor_notes));
        p->comp_note[1] = (int)rng_below(&r, LEN(competitor_notes));
    }
    if (rng_chance(&r, 40))
        p->budget = (p->amount / 100 * rng_range(&r, 100, 150) / 10000000 + 1) * 10000000;
    p->payment = rng_chance(&r, 40) ? (int)rng_below(&r, LEN(payment_methods)) : -1;
    if (p->stage == ST_WON)
        p->reason = (int)rng_below(&r, LEN(win_keys));
    else if (p->stage == ST_LOST)
        p->reason = (int)rng_below(&r, LEN(loss_keys));
    p->via = p->stage == ST_LOST ? (int)rng_below(&r, ST_WON) : p->stage;

    /* Dates: a final stage is reached within three months, an open one
     * within six weeks; nothing after today. */
    if (p->stage >= ST_WON)
        p->changed = p->created + 3 + (fs_day)rng_below(&r, 90);
    else if (p->stage > ST_CONTACT)
        p->changed = p->created + 1 + (fs_day)rng_below(&r, 45);
    else
        p->changed = p->created;
    if (p->changed > w->today) /* the youngest: most of the way to today */
        p->changed = p->created + (w->today - p->created) * 2 / 3;
    if (w->large)
        p->close = p->stage >= ST_WON ? p->changed + (fs_day)rng_range(&r, -15, 15)
                                      : p->created + 20 + (fs_day)rng_below(&r, 120);
    else
        p->close = p->stage >= ST_WON ? p->changed - (fs_day)rng_below(&r, 10)
                                      : w->today + (fs_day)rng_range(&r, -45, 90);
    p->proforma_day = p->created + (fs_day)rng_below(&r, p->changed - p->created + 1);

    /* Documents and money. */
    int x = (int)rng_below(&r, 100);
    if (p->stage == ST_PROFORMA || p->stage == ST_NEGOTIATION) {
        if (x < 80)
            p->proforma = 1 + (x < 40 ? FS_DOC_APPROVED : x < 56 ? FS_DOC_PENDING : FS_DOC_DRAFT);
        if (p->stage == ST_NEGOTIATION && rng_chance(&r, 15))
            p->advance = (int)rng_range(&r, 10, 30);
    } else if (p->stage == ST_WON) {
        if (x < 70)
            p->proforma = 1 + FS_DOC_APPROVED;
        if (rng_chance(&r, 95))
            p->invoice = 1 + (rng_chance(&r, 90) ? FS_DOC_APPROVED : FS_DOC_DRAFT);
        if (p->invoice == 1 + FS_DOC_APPROVED && rng_chance(&r, 70))
            p->receipt = rng_chance(&r, 55) ? 100 : (int)rng_range(&r, 30, 80);
    } else if (p->stage == ST_LOST && x < 25) {
        p->proforma = 1 + FS_DOC_REJECTED;
    }
}

/* A stock-in by the warehouse keeper. */
struct stock_plan {
    int wh;                   /* 0 central, 1 Isfahan */
    int64_t qty;              /* 1/FS_QTY_SCALE */
    fs_day day;
    const char *description;
};

/* The stock-in of product k (r: its own stream, left for the caller's
 * timestamps): most stock-tracked products in the central warehouse, half
 * of them also in Isfahan, every ninth none; dated before the first
 * opportunity.  Returns how many (0–2) are in out. */
static int plan_stock(const struct world *w, int64_t k, rng *r, struct stock_plan out[2])
{
    rng_init(r, STREAM_STOCK, k);
    if (!w->prod[k].stock || k % 9 == 8)
        return 0;
    int n = 0;
    for (int wh = 0; wh < 2; wh++) {
        if (wh == 1 && rng_chance(r, 50))
            continue;
        struct stock_plan *m = &out[n++];
        m->wh = wh;
        m->qty = (wh == 0 ? rng_range(r, 20, w->large ? 5000 : 200) : rng_range(r, 5, w->large ? 200 : 40)) *
                 FS_QTY_SCALE;
        m->day = w->today - (w->large ? OPP_SPAN_DAYS : SMALL_SPAN_DAYS) - (fs_day)rng_range(r, 10, 60);
        m->description = wh == 0 ? "خرید از تأمین\u200cکننده" : "انتقال از انبار مرکزی";
    }
    return n;
}

/* ---- setup through the domain (both sizes) ------------------------------- */

/* Acts as user u from now on. */
static int act_as(struct world *w, int u, fs_err *e)
{
    if (strcmp(w->s->login, w->login[u]) == 0)
        return FS_OK;
    return fs_session_login(w->s, w->login[u], e);
}

/* A setting as a whole number (the documents module's defaults when it is
 * missing). */
static int64_t setting_int(fs_session *s, const char *key, int64_t def)
{
    fs_err e;
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT value FROM setting WHERE key = ?1", &e);
    if (!st)
        return def;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int64_t v = def;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return v;
}

/* The id of the user with exactly this login, 0 when there is none. */
static int64_t user_by_login(fs_session *s, const char *login)
{
    fs_err e;
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT id FROM user WHERE login = ?1", &e);
    if (!st)
        return 0;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return id;
}

/* fs_warehouse_list callback: keeps the first active warehouse. */
static int first_warehouse(void *ctx, const fs_warehouse *wh)
{
    int64_t *id = ctx;
    if (!*id && wh->active)
        *id = wh->id;
    return 0;
}

/* Resolves the keys of one system list into ids. */
static int list_ids(fs_session *s, const char *list, const char *const *keys, int n, int64_t *ids, fs_err *e)
{
    for (int i = 0; i < n; i++)
        if (fs_lookup_list_item(s, list, keys[i], list, &ids[i], e) != FS_OK)
            return e->code;
    return FS_OK;
}

/* Users, the second warehouse and the right to move stock in both,
 * campaigns, the product groups and two custom fields of the default
 * subtype; then the ids of everything the generators refer to. */
static int setup(struct world *w, fs_err *e)
{
    fs_session *s = w->s;
    snprintf(w->admin_login, sizeof w->admin_login, "%s", s->login);
    for (int u = 0; u < LEN(demo_users); u++) {
        snprintf(w->login[u], sizeof w->login[u], "%s", demo_users[u].login);
        /* A login that is already a user (the admin's own) stays as it is. */
        if ((w->user_id[u] = user_by_login(s, demo_users[u].login)) > 0)
            continue;
        if (fs_user_add(s, demo_users[u].login, demo_users[u].name, demo_users[u].role, &w->user_id[u], e) != FS_OK)
            return e->code;
    }
    snprintf(w->login[U_ADMIN], sizeof w->login[U_ADMIN], "%s", w->admin_login);
    w->user_id[U_ADMIN] = s->user_id;

    if (list_ids(s, "source", source_keys, LEN(source_keys), w->source_id, e) != FS_OK ||
        list_ids(s, "type", type_keys, LEN(type_keys), w->type_id, e) != FS_OK ||
        list_ids(s, "purchase_process", process_keys, LEN(process_keys), w->process_id, e) != FS_OK ||
        list_ids(s, "win_reason", win_keys, LEN(win_keys), w->win_id, e) != FS_OK ||
        list_ids(s, "loss_reason", loss_keys, LEN(loss_keys), w->loss_id, e) != FS_OK)
        return e->code;
    for (int k = 0; k < NSEEDS; k++)
        if (fs_lookup_list_item(s, "unit", product_seeds[k].unit, "unit", &w->seed_unit[k], e) != FS_OK)
            return e->code;
    if (fs_subtype_default(s, &w->subtype_id, e) != FS_OK)
        return e->code;
    for (int i = 0; i < NSTAGES; i++)
        if (fs_lookup_stage(s, w->subtype_id, stage_keys[i], "stage", &w->stage_id[i], e) != FS_OK)
            return e->code;

    if (fs_warehouse_list(s, first_warehouse, &w->warehouse_id[0], e) != FS_OK)
        return e->code;
    if (fs_warehouse_add(s, "انبار شعبه اصفهان", &w->warehouse_id[1], e) != FS_OK)
        return e->code;
    for (int k = 0; k < 2; k++)
        if (fs_warehouse_grant(s, w->warehouse_id[k], w->user_id[U_ADMIN], e) != FS_OK ||
            fs_warehouse_grant(s, w->warehouse_id[k], w->user_id[U_ALI], e) != FS_OK)
            return e->code;

    char a[11], b[11], c[11], d[11];
    fs_day_to_iso(w->today - 150, a);
    fs_day_to_iso(w->today - 146, b);
    fs_day_to_iso(w->today - 250, c);
    fs_day_to_iso(w->today - 236, d);
    if (fs_campaign_add(s, "نمایشگاه الکامپ ۱۴۰۵", a, b, &w->campaign_id[0], e) != FS_OK ||
        fs_campaign_add(s, "کمپین پیامکی نوروز", c, d, &w->campaign_id[1], e) != FS_OK)
        return e->code;

    for (int g = 0; g < NGROUPS; g++) {
        int64_t parent = group_seeds[g].parent < 0 ? 0 : w->group_id[group_seeds[g].parent];
        if (fs_group_add(s, group_seeds[g].name, parent, &w->group_id[g], e) != FS_OK)
            return e->code;
    }

    if (fs_custom_field_add(s, w->subtype_id, "budget", "بودجه مصوب", "Approved budget", FS_CFIELD_AMOUNT, false,
                            NULL, &w->field_budget, e) != FS_OK ||
        fs_custom_field_add(s, w->subtype_id, "payment_method", "نحوه پرداخت", "Payment method", FS_CFIELD_CHOICE,
                            false, "نقد\nاقساط\nچک", &w->field_payment, e) != FS_OK)
        return e->code;

    w->tax_bp[0] = setting_int(s, "tax_bp.proforma", 1000);
    w->tax_bp[1] = setting_int(s, "tax_bp.invoice", 1000);
    w->duties_bp[0] = setting_int(s, "duties_bp.proforma", 0);
    w->duties_bp[1] = setting_int(s, "duties_bp.invoice", 0);
    w->valid_days = setting_int(s, "proforma_valid_days", 30);
    return FS_OK;
}

/* The counts and the day table; the product and identity arrays are
 * allocated here and filled by the size's own path. */
static int world_init(struct world *w, fs_session *s, const fs_demo_opts *o, fs_err *e)
{
    memset(w, 0, sizeof *w);
    w->s = s;
    w->today = s->today;
    w->large = o->size == FS_DEMO_LARGE;
    if (w->large) {
        int64_t scale = o->scale > 1 ? o->scale : 1;
        w->n_ident = LARGE_IDENTITIES / scale;
        w->n_prod = LARGE_PRODUCTS / scale;
        w->n_opp = LARGE_OPPORTUNITIES / scale;
    } else {
        w->n_ident = SMALL_IDENTITIES;
        w->n_prod = NSEEDS;
        w->n_opp = SMALL_OPPORTUNITIES;
    }
    /* At least the fixed identities, the whole catalogue and one run of
     * every stage. */
    w->n_ident = w->n_ident < NFIXED + 16 ? NFIXED + 16 : w->n_ident;
    w->n_prod = w->n_prod < NSEEDS ? NSEEDS : w->n_prod;
    w->n_opp = w->n_opp < 20 ? 20 : w->n_opp;
    w->dmin = w->today - IDENTITY_SPAN_DAYS - 120;
    w->dmax = w->today + 400;
    w->days = calloc((size_t)(w->dmax - w->dmin + 1), sizeof *w->days);
    w->prod = calloc((size_t)w->n_prod, sizeof *w->prod);
    w->ident_id = calloc((size_t)w->n_ident, sizeof *w->ident_id);
    if (!w->days || !w->prod || !w->ident_id)
        return oom(e);
    w->jyear_min = fs_day_jalali_year(w->dmin);
    for (fs_day d = w->dmin; d <= w->dmax; d++) {
        struct day_info *di = &w->days[d - w->dmin];
        fs_day_to_iso(d, di->iso);
        di->jyear = fs_day_jalali_year(d);
    }
    return FS_OK;
}

/* Frees what world_init and the fills allocated. */
static void world_free(struct world *w)
{
    for (int64_t k = 0; w->prod && k < w->n_prod; k++)
        free(w->prod[k].name);
    free(w->prod);
    free(w->ident_id);
    free(w->days);
}

/* ---- small: everything through the domain ---------------------------------- */

/* A number as someone would type it: spaced, in Persian digits, with the
 * country code, or plain.  The identity module stores them all as digits. */
static void typed_number(const char *digits_in, bool mobile, int style, char *out, size_t n)
{
    if (!*digits_in) {
        out[0] = '\0';
        return;
    }
    switch (style) {
    case 1:
        if (mobile)
            snprintf(out, n, "%.4s %.3s %s", digits_in, digits_in + 4, digits_in + 7);
        else
            snprintf(out, n, "%.3s-%s", digits_in, digits_in + 3);
        break;
    case 2: {
        char *fa = fs_text_local_digits(digits_in, FS_DIGITS_PERSIAN);
        snprintf(out, n, "%s", fa ? fa : digits_in);
        free(fa);
        break;
    }
    case 3:
        if (mobile) {
            snprintf(out, n, "+98 %.3s %.3s %s", digits_in + 1, digits_in + 4, digits_in + 7);
            break;
        }
        /* fall through */
    default:
        snprintf(out, n, "%s", digits_in);
    }
}

/* The identities, added by the admin with their owners set. */
/* Makes what follows happen on day d at 09:00 + minute (at most 17:59):
 * the session's today and the clock the domain stamps records with. */
static void at_day(struct world *w, fs_day d, int minute)
{
    if (d > w->today)
        d = w->today;
    w->s->today = d;
    char iso[11];
    fs_day_to_iso(d, iso);
    minute = minute < 0 ? 0 : minute % 540;
    char ts[32];
    snprintf(ts, sizeof ts, "%sT%02d:%02d:00Z", iso, 5 + minute / 60, minute % 60);
    fs_clock_pin(ts); /* 09:00 Tehran is 05:30 UTC; close enough */
}

static int small_identities(struct world *w, fs_err *e)
{
    fs_day first = w->today - SMALL_SPAN_DAYS - SMALL_SETUP_DAYS;
    for (int64_t i = 0; i < w->n_ident; i++) {
        struct ident p;
        gen_identity(i, &p);
        at_day(w, first + 5 + (fs_day)(i * (SMALL_SETUP_DAYS - 10) / w->n_ident), (int)(i * 7));
        char phone[64], mobile[64];
        typed_number(p.phone, false, (int)(i % 4), phone, sizeof phone);
        typed_number(p.mobile, true, (int)(i % 5), mobile, sizeof mobile);
        fs_identity in;
        memset(&in, 0, sizeof in);
        in.kind = p.org ? "org" : "person";
        in.name = p.name;
        in.phone = phone;
        in.mobile = mobile;
        in.email = p.email;
        in.address = p.address;
        in.national_id = p.national_id;
        in.economic_code = p.economic_code;
        in.source_id = p.source >= 0 ? w->source_id[p.source] : 0;
        in.owner_id = w->user_id[p.owner];
        if (fs_identity_add(w->s, &in, false, &w->ident_id[i], e) != FS_OK)
            return e->code;
    }
    return FS_OK;
}

/* The catalogue, through fs_product_add; fills w->prod. */
static int small_products(struct world *w, fs_err *e)
{
    at_day(w, w->today - SMALL_SPAN_DAYS - SMALL_SETUP_DAYS, 0);
    for (int64_t k = 0; k < w->n_prod; k++) {
        struct prod *pr = &w->prod[k];
        fs_product p;
        fs_product_init(&p);
        gen_product(k, &pr->seed, p.code, sizeof p.code, p.name, sizeof p.name, &pr->price);
        const struct product_seed *sd = &product_seeds[pr->seed];
        p.group_id = w->group_id[sd->group];
        p.service = sd->service;
        p.unit_id = w->seed_unit[pr->seed];
        p.has_price = true;
        p.unit_price = pr->price;
        p.stock_tracked = sd->stock;
        p.taxable = sd->taxable;
        pr->stock = sd->stock;
        pr->taxable = sd->taxable;
        if (fs_product_add(w->s, &p, &pr->id, e) != FS_OK)
            return e->code;
        fs_text_copy(pr->code, sizeof pr->code, p.code);
        if (!(pr->name = strdup(p.name)))
            return oom(e);
    }
    return FS_OK;
}

/* The warehouse keeper's stock-in: most stock-tracked products in the
 * central warehouse, half of them also in Isfahan; every ninth product is
 * left without stock. */
static int small_stock(struct world *w, fs_err *e)
{
    if (act_as(w, U_ALI, e) != FS_OK)
        return e->code;
    for (int64_t k = 0; k < w->n_prod; k++) {
        rng r;
        struct stock_plan m[2];
        int n = plan_stock(w, k, &r, m);
        for (int j = 0; j < n; j++) {
            char date[11];
            fs_day_to_iso(m[j].day, date);
            at_day(w, m[j].day, (int)k);
            fs_stock_req q = {
                .kind = FS_MOVE_IN,
                .product_id = w->prod[k].id,
                .warehouse_id = w->warehouse_id[m[j].wh],
                .qty = m[j].qty,
                .date = date,
                .description = m[j].description,
            };
            fs_stock_result res;
            if (fs_stock_record(w->s, &q, &res, e) != FS_OK)
                return e->code;
        }
    }
    return act_as(w, U_ADMIN, e);
}

/* Fills a new opportunity form from plan p. */
static int small_opp_form(struct world *w, const struct opp_plan *p, fs_opp *o, fs_err *e)
{
    fs_session *s = w->s;
    o->identity_id = w->ident_id[p->identity];
    if (fs_opp_set_text(&o->title, p->title, e) != FS_OK)
        return e->code;
    o->type_id = w->type_id[p->type];
    o->source_id = p->source >= 0 ? w->source_id[p->source] : 0;
    o->campaign_id = p->campaign >= 0 ? w->campaign_id[p->campaign] : 0;
    o->purchase_process_id = p->process >= 0 ? w->process_id[p->process] : 0;
    fs_day_to_iso(p->close, o->close_date);
    o->probability = stage_probability[ST_CONTACT];
    o->important = p->important;
    for (int k = 0; k < p->nlines; k++) {
        const struct line_plan *l = &p->line[k];
        fs_opp_line_in in = { .product_id = w->prod[l->product].id, .qty = l->qty };
        in.has_discount_bp = l->disc == 1;
        in.discount_bp = l->discount_bp;
        in.has_discount = l->disc == 2;
        in.discount = l->discount;
        if (fs_opp_line_add(o, &in, NULL, e) != FS_OK)
            return e->code;
    }
    for (int k = 0; k < p->ncomp; k++)
        if (fs_opp_competitor_add(s, o, competitors[p->comp[k]], competitor_notes[p->comp_note[k]], e) != FS_OK)
            return e->code;
    char v[32];
    snprintf(v, sizeof v, "%" PRId64, p->budget);
    if ((p->budget && fs_opp_value_set(s, o, "budget", v, e) != FS_OK) ||
        (p->payment >= 0 && fs_opp_value_set(s, o, "payment_method", payment_methods[p->payment], e) != FS_OK))
        return e->code;
    return FS_OK;
}

/* Moves a saved opportunity one stage on and saves it. */
static int small_opp_move(struct world *w, const struct opp_plan *p, fs_opp *o, int stage, fs_err *e)
{
    const char *reason = stage == ST_WON ? win_keys[p->reason] : stage == ST_LOST ? loss_keys[p->reason] : NULL;
    if (fs_opp_set_stage(w->s, o, w->stage_id[stage], reason, e) != FS_OK)
        return e->code;
    o->probability = stage == p->stage ? p->probability : stage_probability[stage];
    return fs_opp_save(w->s, o, e);
}

/* The documents and money of a saved opportunity: the seller issues, the
 * sales manager approves proformas, the financial manager approves
 * invoices and records what was received. */
static int small_documents(struct world *w, const struct opp_plan *p, const fs_opp *o, fs_err *e)
{
    fs_session *s = w->s;
    int64_t pro = 0, inv = 0;
    if (p->proforma) {
        if (act_as(w, p->user, e) != FS_OK || fs_doc_issue_from_opp(s, o->id, FS_DOC_PROFORMA, &pro, e) != FS_OK)
            return e->code;
        enum fs_doc_status st = (enum fs_doc_status)(p->proforma - 1);
        if (st == FS_DOC_PENDING && fs_doc_submit(s, pro, e) != FS_OK)
            return e->code;
        if ((st == FS_DOC_APPROVED || st == FS_DOC_REJECTED) && act_as(w, U_REZA, e) != FS_OK)
            return e->code;
        if ((st == FS_DOC_APPROVED && fs_doc_approve(s, pro, e) != FS_OK) ||
            (st == FS_DOC_REJECTED && fs_doc_reject(s, pro, e) != FS_OK))
            return e->code;
    }
    if (p->invoice) {
        if (act_as(w, p->user, e) != FS_OK)
            return e->code;
        int rc = p->proforma == 1 + FS_DOC_APPROVED ? fs_doc_convert(s, pro, &inv, e)
                                                    : fs_doc_issue_from_opp(s, o->id, FS_DOC_INVOICE, &inv, e);
        if (rc != FS_OK)
            return rc;
        if (p->invoice == 1 + FS_DOC_APPROVED &&
            (act_as(w, U_MARYAM, e) != FS_OK || fs_doc_approve(s, inv, e) != FS_OK))
            return e->code;
    }
    int64_t amount = 0, doc = 0;
    const char *what = NULL;
    if (p->receipt) {
        fs_doc d;
        if (fs_doc_load(s, inv, &d, e) != FS_OK)
            return e->code;
        amount = p->receipt == 100 ? d.final : d.final / 100 * p->receipt / 1000 * 1000;
        fs_doc_free(&d);
        doc = inv;
        what = p->receipt == 100 ? "تسویه فاکتور" : "دریافت علی\u200cالحساب فاکتور";
    } else if (p->advance) {
        amount = p->amount / 100 * p->advance / 1000 * 1000;
        what = "پیش\u200cپرداخت";
    }
    if (amount > 0) {
        struct fs_money_item_new m = { .kind = FS_MONEY_RECEIPT, .opp_id = o->id, .doc_id = doc, .amount = amount,
                                       .description = what };
        if (act_as(w, U_MARYAM, e) != FS_OK || fs_money_item_add(s, &m, NULL, e) != FS_OK)
            return e->code;
    }
    return FS_OK;
}

/* Opportunity i: created by its seller in the first stage, then moved
 * stage by stage to where the plan leaves it (each move a save, so the
 * stage log and change history are real), then its documents. */
static int small_opportunity(struct world *w, int64_t i, fs_err *e)
{
    struct opp_plan p;
    plan_opp(w, i, &p);
    if (act_as(w, p.user, e) != FS_OK)
        return e->code;
    at_day(w, p.created, (int)(i * 13));
    fs_opp o;
    if (fs_opp_new(w->s, &o, e) != FS_OK)
        return e->code;
    int rc = small_opp_form(w, &p, &o, e);
    if (rc == FS_OK)
        rc = fs_opp_save(w->s, &o, e);
    /* Each move on a day between creation and the last change. */
    int last_open = p.stage == ST_LOST ? p.via : p.stage == ST_WON ? ST_NEGOTIATION : p.stage;
    int moves = last_open - ST_CONTACT + (p.stage >= ST_WON), k = 0;
    for (int st = ST_CONTACT + 1; rc == FS_OK && st <= last_open; st++) {
        k++;
        at_day(w, p.created + (p.changed - p.created) * k / (moves ? moves : 1), (int)(i * 13 + k * 41));
        rc = small_opp_move(w, &p, &o, st, e);
    }
    if (rc == FS_OK && p.stage >= ST_WON) {
        at_day(w, p.changed, (int)(i * 13 + 300));
        rc = small_opp_move(w, &p, &o, p.stage, e);
    }
    if (rc == FS_OK) {
        at_day(w, p.changed, (int)(i * 13 + 400));
        rc = small_documents(w, &p, &o, e);
    }
    fs_opp_free(&o);
    return rc;
}

/* About a thousand short transactions: with synchronous = NORMAL (still
 * safe in WAL mode against a crash of the program) they do not each wait
 * for the disk.  FULL comes back before returning. */
static int small_fill(struct world *w, fs_err *e)
{
    if (fs_db_exec(w->s->db, "PRAGMA synchronous = NORMAL", e) != FS_OK)
        return e->code;
    int rc = FS_OK;
    if (small_identities(w, e) != FS_OK || small_products(w, e) != FS_OK || small_stock(w, e) != FS_OK)
        rc = e->code;
    for (int64_t i = 0; rc == FS_OK && i < w->n_opp; i++)
        rc = small_opportunity(w, i, e);
    /* Back to the real day and clock. */
    w->s->today = w->today;
    fs_clock_pin(NULL);
    if (rc == FS_OK)
        rc = act_as(w, U_ADMIN, e);
    fs_err e2;
    if (fs_db_exec(w->s->db, "PRAGMA synchronous = FULL", &e2) != FS_OK && rc == FS_OK) {
        *e = e2;
        rc = e2.code;
    }
    return rc;
}

/* ---- large: bulk writes ---------------------------------------------------- */

#define NYEARS 8 /* Jalali years the day table can span */

/* What a bulk transaction advances; copied in before each try so a retried
 * transaction starts from the same numbers. */
struct bulk_state {
    int64_t next_doc_id;
    int64_t opp_no[NYEARS];
    int64_t doc_no[2][NYEARS]; /* proforma, invoice */
};

struct bulk {
    struct world *w;
    int64_t from, to;          /* indexes of this transaction's records */
    int64_t ident_base, prod_base, opp_base;
    struct bulk_state saved, work;
};

/* The statements of the bulk path, prepared once per transaction from the
 * connection's cache. */
enum bulk_sql {
    SQL_IDENTITY, SQL_PRODUCT, SQL_STOCK, SQL_OPP, SQL_LINE, SQL_COMPETITOR, SQL_VALUE, SQL_STAGE_LOG, SQL_DOC,
    SQL_DOC_LINE, SQL_MONEY, SQL_INVOICED, SQL_COUNT
};

static const char *const bulk_sql_text[SQL_COUNT] = {
    [SQL_IDENTITY] = "INSERT INTO identity(id, kind, name, name_key, phone, mobile, email, address, national_id, "
                     "economic_code, source_id, owner_id, codes_key, created_at, updated_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
    [SQL_PRODUCT] = "INSERT INTO product(id, code, code_key, name, name_key, group_id, kind, unit_id, unit_price, "
                    "stock_tracked, taxable, created_at, updated_at) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
    [SQL_STOCK] = "INSERT INTO stock_move(product_id, warehouse_id, kind, qty, date, doc_id, description, created_at, "
                  "created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [SQL_OPP] = "INSERT INTO opportunity(id, number, subtype_id, stage_id, identity_id, title, title_key, type_id, "
                "assigned_id, source_id, campaign_id, close_date, final_amount, amount_manual, probability, "
                "win_reason_id, loss_reason_id, purchase_process_id, won_at, lost_at, stage_changed_at, important, "
                "created_at, created_by, updated_at, updated_by, version) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 0, ?14, ?15, ?16, ?17, ?18, ?19, "
                "?20, ?21, ?22, ?9, ?20, ?9, ?23)",
    [SQL_LINE] = "INSERT INTO opp_line(opp_id, position, product_id, name, qty, unit_price, discount_bp, discount, "
                 "total, final) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [SQL_COMPETITOR] = "INSERT INTO opp_competitor(opp_id, identity_id, name, note) VALUES (?1, ?2, ?3, ?4)",
    [SQL_VALUE] = "INSERT INTO opp_field_value(opp_id, field_id, value) VALUES (?1, ?2, ?3)",
    [SQL_STAGE_LOG] = "INSERT INTO stage_log(opp_id, from_stage_id, to_stage_id, user_id, at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5)",
    [SQL_DOC] = "INSERT INTO document(id, kind, number, identity_id, opp_id, source_doc_id, issue_date, expiry_date, "
                "seller_id, status, tax_bp, duties_bp, total, discount, tax, duties, final, invoiced_by_id, "
                "approved_at, approved_by, created_at, created_by, updated_at, version) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "
                "?21, ?9, coalesce(?19, ?21), ?22)",
    [SQL_DOC_LINE] = "INSERT INTO doc_line(doc_id, position, product_id, name, qty, unit_price, discount_bp, "
                     "discount, total, tax, duties, final) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [SQL_MONEY] = "INSERT INTO money_item(kind, identity_id, opp_id, doc_id, amount, date, description, created_at, "
                  "created_by) VALUES ('receipt', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [SQL_INVOICED] = "UPDATE document SET invoiced_by_id = ?2 WHERE id = ?1",
};

/* The bulk statements from the connection's cache (reset, unbound). */
static int bulk_prepare(fs_db *db, sqlite3_stmt **st, fs_err *e)
{
    for (int i = 0; i < SQL_COUNT; i++)
        if (!(st[i] = fs_db_stmt(db, bulk_sql_text[i], e)))
            return FS_ERUNTIME;
    return FS_OK;
}

/* Binds v without copying (it outlives the step), "" and NULL as NULL. */
static void bind_opt_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}


/* Identities [from, to) with ids ident_base + i, created over the last
 * three years in index order. */
static int bulk_identities_tx(fs_db *db, void *v, fs_err *e)
{
    struct bulk *b = v;
    struct world *w = b->w;
    sqlite3_stmt *st[SQL_COUNT];
    if (bulk_prepare(db, st, e) != FS_OK)
        return FS_ERUNTIME;
    sqlite3_stmt *q = st[SQL_IDENTITY];
    for (int64_t i = b->from; i < b->to; i++) {
        struct ident p;
        gen_identity(i, &p);
        char *key = fs_text_search_key(p.name);
        if (!key)
            return oom(e);
        /* codes_key: the numbers joined by spaces (identity.c codes_key). */
        char codes[96] = "";
        const char *parts[] = { p.phone, p.mobile, p.national_id, p.economic_code };
        for (int k = 0; k < 4; k++)
            if (*parts[k]) {
                if (*codes)
                    strcat(codes, " ");
                strcat(codes, parts[k]);
            }
        rng r;
        rng_init(&r, STREAM_IDENTITY_DATE, i);
        char ts[21];
        day_ts(w, w->today - IDENTITY_SPAN_DAYS + (fs_day)(i * IDENTITY_SPAN_DAYS / w->n_ident), &r, ts);
        sqlite3_bind_int64(q, 1, b->ident_base + i);
        sqlite3_bind_text(q, 2, p.org ? "org" : "person", -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, p.name, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, key, -1, SQLITE_STATIC);
        bind_opt_text(q, 5, p.phone);
        bind_opt_text(q, 6, p.mobile);
        bind_opt_text(q, 7, p.email);
        bind_opt_text(q, 8, p.address);
        bind_opt_text(q, 9, p.national_id);
        bind_opt_text(q, 10, p.economic_code);
        fs_bind_id(q, 11, p.source >= 0 ? w->source_id[p.source] : 0);
        sqlite3_bind_int64(q, 12, w->user_id[p.owner]);
        sqlite3_bind_text(q, 13, codes, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 14, ts, -1, SQLITE_STATIC);
        int rc = fs_db_step_done(db, q, _("saving the identity"), e);
        free(key);
        if (rc != FS_OK)
            return rc;
    }
    return FS_OK;
}

/* Products [from, to) (ids prod_base + k, already in w->prod) and their
 * stock-in: central warehouse for most stock-tracked products, Isfahan for
 * half of them, before the opportunities begin. */
static int bulk_products_tx(fs_db *db, void *v, fs_err *e)
{
    struct bulk *b = v;
    struct world *w = b->w;
    sqlite3_stmt *st[SQL_COUNT];
    if (bulk_prepare(db, st, e) != FS_OK)
        return FS_ERUNTIME;
    char created[21];
    snprintf(created, sizeof created, "%sT06:00:00Z", day_at(w, w->dmin)->iso);
    for (int64_t k = b->from; k < b->to; k++) {
        const struct prod *pr = &w->prod[k];
        const struct product_seed *sd = &product_seeds[pr->seed];
        char *code_key = fs_text_search_key(pr->code), *name_key = fs_text_search_key(pr->name);
        sqlite3_stmt *q = st[SQL_PRODUCT];
        sqlite3_bind_int64(q, 1, pr->id);
        sqlite3_bind_text(q, 2, pr->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, code_key, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, pr->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, name_key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 6, w->group_id[sd->group]);
        sqlite3_bind_text(q, 7, sd->service ? "service" : "product", -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 8, w->seed_unit[pr->seed]);
        sqlite3_bind_int64(q, 9, pr->price);
        sqlite3_bind_int(q, 10, pr->stock);
        sqlite3_bind_int(q, 11, pr->taxable);
        sqlite3_bind_text(q, 12, created, -1, SQLITE_STATIC);
        int rc = code_key && name_key ? fs_db_step_done(db, q, _("saving the product"), e) : oom(e);
        free(code_key);
        free(name_key);
        if (rc != FS_OK)
            return rc;
        rng r;
        struct stock_plan m[2];
        int n = plan_stock(w, k, &r, m);
        for (int j = 0; j < n; j++) {
            char ts[21];
            day_ts(w, m[j].day, &r, ts);
            q = st[SQL_STOCK];
            sqlite3_bind_int64(q, 1, pr->id);
            sqlite3_bind_int64(q, 2, w->warehouse_id[m[j].wh]);
            sqlite3_bind_text(q, 3, "in", -1, SQLITE_STATIC);
            sqlite3_bind_int64(q, 4, m[j].qty);
            sqlite3_bind_text(q, 5, day_at(w, m[j].day)->iso, -1, SQLITE_STATIC);
            sqlite3_bind_null(q, 6);
            sqlite3_bind_text(q, 7, m[j].description, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 8, ts, -1, SQLITE_STATIC);
            sqlite3_bind_int64(q, 9, w->user_id[U_ALI]);
            if (fs_db_step_done(db, q, _("saving a stock movement"), e) != FS_OK)
                return e->code;
        }
    }
    return FS_OK;
}

/* The year slot of a Jalali year in the counters. */
static int year_slot(const struct world *w, int jyear)
{
    int y = jyear - w->jyear_min;
    return y < 0 ? 0 : y >= NYEARS ? NYEARS - 1 : y;
}

/* Binds what an opportunity line and a document line share, parameters
 * 1–9: the owner (opportunity or document), row, product, name, qty,
 * price, discount %, discount, total. */
static void bind_line(sqlite3_stmt *q, const struct world *w, int64_t owner, int row, const struct line_plan *l)
{
    const struct prod *pr = &w->prod[l->product];
    sqlite3_bind_int64(q, 1, owner);
    sqlite3_bind_int(q, 2, row);
    sqlite3_bind_int64(q, 3, pr->id);
    sqlite3_bind_text(q, 4, pr->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 5, l->qty);
    sqlite3_bind_int64(q, 6, pr->price);
    sqlite3_bind_int64(q, 7, l->discount_bp);
    sqlite3_bind_int64(q, 8, l->discount);
    sqlite3_bind_int64(q, 9, l->total);
}

/* One stage_log row: opp moved from `from` (0: created) to `to`. */
static int bulk_stage_log(fs_db *db, sqlite3_stmt *q, int64_t opp, int64_t from, int64_t to, int64_t user,
                          const char *at, fs_err *e)
{
    sqlite3_bind_int64(q, 1, opp);
    fs_bind_id(q, 2, from);
    sqlite3_bind_int64(q, 3, to);
    sqlite3_bind_int64(q, 4, user);
    sqlite3_bind_text(q, 5, at, -1, SQLITE_STATIC);
    return fs_db_step_done(db, q, _("logging the stage change"), e);
}

/* A document to write: kind 0 = proforma, 1 = invoice. */
struct bulk_doc {
    int kind;
    enum fs_doc_status status;
    int64_t id, source_id;
    fs_day issue;
    int approver;
};

/* Document d issued from opportunity `opp` of plan p, with the
 * opportunity's lines copied as document.c copy_lines copies them (the
 * stored discount amount and percentage kept; tax and duties on taxable
 * products at the kind's rates); an approved one is numbered, and an
 * approved invoice writes its stock moves from the first warehouse, as
 * document.c does on approval.  *final gets the document's final. */
static int bulk_document(struct bulk *b, sqlite3_stmt **st, const struct opp_plan *p, int64_t opp,
                         const struct bulk_doc *d, int64_t *final, fs_err *e)
{
    struct world *w = b->w;
    fs_db *db = w->s->db;
    static const char *const kinds[] = { "proforma", "invoice" };
    static const char *const prefix[] = { "PRO", "INV" };
    int64_t tax[5], duties[5], dfinal[5], sum[5] = { 0, 0, 0, 0, 0 };
    for (int k = 0; k < p->nlines; k++) {
        const struct line_plan *l = &p->line[k];
        int64_t net = l->total - l->discount;
        tax[k] = duties[k] = 0;
        if (w->prod[l->product].taxable) {
            fs_money_percent(net, w->tax_bp[d->kind], &tax[k]);
            fs_money_percent(net, w->duties_bp[d->kind], &duties[k]);
        }
        dfinal[k] = net + tax[k] + duties[k];
        sum[0] += l->total;
        sum[1] += l->discount;
        sum[2] += tax[k];
        sum[3] += duties[k];
        sum[4] += dfinal[k];
    }
    const struct day_info *di = day_at(w, d->issue);
    char number[32] = "", approved_at[21] = "", created[21], expiry[11] = "";
    rng r;
    rng_init(&r, d->kind == 0 ? STREAM_PROFORMA : STREAM_INVOICE, d->id);
    day_ts(w, d->issue, &r, created);
    if (d->status == FS_DOC_APPROVED) {
        int64_t n = ++b->work.doc_no[d->kind][year_slot(w, di->jyear)];
        snprintf(number, sizeof number, "%s-%04d-%06" PRId64, prefix[d->kind], di->jyear, n);
        day_ts(w, d->issue, &r, approved_at);
        if (strcmp(approved_at, created) < 0)
            memcpy(approved_at, created, sizeof approved_at);
    }
    if (d->kind == 0)
        memcpy(expiry, day_at(w, d->issue + (fs_day)w->valid_days)->iso, sizeof expiry);
    sqlite3_stmt *q = st[SQL_DOC];
    sqlite3_bind_int64(q, 1, d->id);
    sqlite3_bind_text(q, 2, kinds[d->kind], -1, SQLITE_STATIC);
    bind_opt_text(q, 3, number);
    sqlite3_bind_int64(q, 4, w->ident_id[p->identity]);
    sqlite3_bind_int64(q, 5, opp);
    fs_bind_id(q, 6, d->source_id);
    sqlite3_bind_text(q, 7, di->iso, -1, SQLITE_STATIC);
    bind_opt_text(q, 8, expiry);
    sqlite3_bind_int64(q, 9, w->user_id[p->user]);
    sqlite3_bind_text(q, 10, fs_doc_status_name(d->status), -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 11, w->tax_bp[d->kind]);
    sqlite3_bind_int64(q, 12, w->duties_bp[d->kind]);
    for (int k = 0; k < 5; k++)
        sqlite3_bind_int64(q, 13 + k, sum[k]);
    sqlite3_bind_null(q, 18); /* invoiced_by_id: set once the invoice exists */
    bind_opt_text(q, 19, approved_at);
    if (*approved_at)
        sqlite3_bind_int64(q, 20, w->user_id[d->approver]);
    else
        sqlite3_bind_null(q, 20);
    sqlite3_bind_text(q, 21, created, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 22, d->status == FS_DOC_DRAFT ? 2 : 3);
    if (fs_db_step_done(db, q, _("saving the document"), e) != FS_OK)
        return e->code;
    for (int k = 0; k < p->nlines; k++) {
        const struct line_plan *l = &p->line[k];
        const struct prod *pr = &w->prod[l->product];
        q = st[SQL_DOC_LINE];
        bind_line(q, w, d->id, k + 1, l);
        sqlite3_bind_int64(q, 10, tax[k]);
        sqlite3_bind_int64(q, 11, duties[k]);
        sqlite3_bind_int64(q, 12, dfinal[k]);
        if (fs_db_step_done(db, q, _("saving a document line"), e) != FS_OK)
            return e->code;
        if (d->kind != 1 || d->status != FS_DOC_APPROVED || !pr->stock)
            continue;
        q = st[SQL_STOCK];
        sqlite3_bind_int64(q, 1, pr->id);
        sqlite3_bind_int64(q, 2, w->warehouse_id[0]);
        sqlite3_bind_text(q, 3, "invoice", -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 4, l->qty);
        sqlite3_bind_text(q, 5, di->iso, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 6, d->id);
        sqlite3_bind_text(q, 7, number, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 8, approved_at, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 9, w->user_id[d->approver]);
        if (fs_db_step_done(db, q, _("updating the stock"), e) != FS_OK)
            return e->code;
    }
    *final = sum[4];
    return FS_OK;
}

/* Opportunity i of plan p with id opp: the row, its lines, competitors,
 * custom values and stage log (creation in the first stage, then the move
 * to where it is), then its documents and money. */
static int bulk_opportunity(struct bulk *b, sqlite3_stmt **st, int64_t i, fs_err *e)
{
    struct world *w = b->w;
    fs_db *db = w->s->db;
    struct opp_plan p;
    plan_opp(w, i, &p);
    int64_t opp = b->opp_base + i;
    int64_t user = w->user_id[p.user];
    const struct day_info *cd = day_at(w, p.created);
    char number[32], created[21], changed[21];
    snprintf(number, sizeof number, "OPP-%04d-%06" PRId64, cd->jyear, ++b->work.opp_no[year_slot(w, cd->jyear)]);
    rng r;
    rng_init(&r, STREAM_OPP_DATE, i);
    day_ts(w, p.created, &r, created);
    memcpy(changed, created, sizeof changed);
    if (p.stage != ST_CONTACT) {
        day_ts(w, p.changed, &r, changed);
        if (strcmp(changed, created) < 0)
            memcpy(changed, created, sizeof changed);
    }
    char *title_key = fs_text_search_key(p.title);
    if (!title_key)
        return oom(e);
    sqlite3_stmt *q = st[SQL_OPP];
    sqlite3_bind_int64(q, 1, opp);
    sqlite3_bind_text(q, 2, number, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, w->subtype_id);
    sqlite3_bind_int64(q, 4, w->stage_id[p.stage]);
    sqlite3_bind_int64(q, 5, w->ident_id[p.identity]);
    sqlite3_bind_text(q, 6, p.title, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 7, title_key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 8, w->type_id[p.type]);
    sqlite3_bind_int64(q, 9, user);
    fs_bind_id(q, 10, p.source >= 0 ? w->source_id[p.source] : 0);
    fs_bind_id(q, 11, p.campaign >= 0 ? w->campaign_id[p.campaign] : 0);
    sqlite3_bind_text(q, 12, day_at(w, p.close)->iso, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 13, p.amount);
    sqlite3_bind_int(q, 14, p.probability);
    fs_bind_id(q, 15, p.stage == ST_WON ? w->win_id[p.reason] : 0);
    fs_bind_id(q, 16, p.stage == ST_LOST ? w->loss_id[p.reason] : 0);
    fs_bind_id(q, 17, p.process >= 0 ? w->process_id[p.process] : 0);
    bind_opt_text(q, 18, p.stage == ST_WON ? day_at(w, p.changed)->iso : NULL);
    bind_opt_text(q, 19, p.stage == ST_LOST ? day_at(w, p.changed)->iso : NULL);
    sqlite3_bind_text(q, 20, changed, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 21, p.important);
    sqlite3_bind_text(q, 22, created, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 23, p.stage == ST_CONTACT ? 1 : 2);
    int rc = fs_db_step_done(db, q, _("saving the opportunity"), e);
    free(title_key);
    if (rc != FS_OK)
        return rc;

    for (int k = 0; k < p.nlines; k++) {
        q = st[SQL_LINE];
        bind_line(q, w, opp, k + 1, &p.line[k]);
        sqlite3_bind_int64(q, 10, p.line[k].final);
        if (fs_db_step_done(db, q, _("saving a product line"), e) != FS_OK)
            return e->code;
    }
    for (int k = 0; k < p.ncomp; k++) {
        q = st[SQL_COMPETITOR];
        sqlite3_bind_int64(q, 1, opp);
        /* The first competitors are the fixed organizations 1, 2, 3. */
        fs_bind_id(q, 2, p.comp[k] < 3 ? w->ident_id[p.comp[k] + 1] : 0);
        sqlite3_bind_text(q, 3, competitors[p.comp[k]], -1, SQLITE_STATIC);
        bind_opt_text(q, 4, competitor_notes[p.comp_note[k]]);
        if (fs_db_step_done(db, q, _("saving a competitor"), e) != FS_OK)
            return e->code;
    }
    char budget[32];
    snprintf(budget, sizeof budget, "%" PRId64, p.budget);
    const struct {
        bool set;
        int64_t field;
        const char *value;
    } values[] = {
        { p.budget > 0, w->field_budget, budget },
        { p.payment >= 0, w->field_payment, p.payment >= 0 ? payment_methods[p.payment] : NULL },
    };
    for (int k = 0; k < LEN(values); k++) {
        if (!values[k].set)
            continue;
        q = st[SQL_VALUE];
        sqlite3_bind_int64(q, 1, opp);
        sqlite3_bind_int64(q, 2, values[k].field);
        sqlite3_bind_text(q, 3, values[k].value, -1, SQLITE_STATIC);
        if (fs_db_step_done(db, q, _("saving a custom field"), e) != FS_OK)
            return e->code;
    }
    if (bulk_stage_log(db, st[SQL_STAGE_LOG], opp, 0, w->stage_id[ST_CONTACT], user, created, e) != FS_OK ||
        (p.stage != ST_CONTACT &&
         bulk_stage_log(db, st[SQL_STAGE_LOG], opp, w->stage_id[ST_CONTACT], w->stage_id[p.stage], user, changed,
                        e) != FS_OK))
        return e->code;

    /* Documents: a proforma, then the invoice converted from it (or issued
     * from the opportunity), then what the customer paid. */
    struct bulk_doc pro = { 0, FS_DOC_DRAFT, 0, 0, p.proforma_day, U_REZA };
    struct bulk_doc inv = { 1, FS_DOC_DRAFT, 0, 0, p.changed, U_MARYAM };
    if (p.proforma) {
        pro.id = b->work.next_doc_id++;
        pro.status = (enum fs_doc_status)(p.proforma - 1);
    }
    if (p.invoice) {
        inv.id = b->work.next_doc_id++;
        inv.status = (enum fs_doc_status)(p.invoice - 1);
        if (pro.status == FS_DOC_APPROVED)
            inv.source_id = pro.id;
    }
    int64_t final = 0;
    if ((p.proforma && bulk_document(b, st, &p, opp, &pro, &final, e) != FS_OK) ||
        (p.invoice && bulk_document(b, st, &p, opp, &inv, &final, e) != FS_OK))
        return e->code;
    /* Approving an invoice converted from a proforma marks the proforma
     * invoiced (document.c mark_proforma_invoiced). */
    if (inv.source_id && inv.status == FS_DOC_APPROVED) {
        q = st[SQL_INVOICED];
        sqlite3_bind_int64(q, 1, pro.id);
        sqlite3_bind_int64(q, 2, inv.id);
        if (fs_db_step_done(db, q, _("marking the proforma invoiced"), e) != FS_OK)
            return e->code;
    }
    if (p.receipt) {
        int64_t amount = p.receipt == 100 ? final : final / 100 * p.receipt / 1000 * 1000;
        fs_day day = p.changed + (fs_day)rng_below(&r, 30);
        day = day > w->today ? w->today : day;
        char ts[21];
        day_ts(w, day, &r, ts);
        q = st[SQL_MONEY];
        sqlite3_bind_int64(q, 1, w->ident_id[p.identity]);
        sqlite3_bind_int64(q, 2, opp);
        sqlite3_bind_int64(q, 3, inv.id);
        sqlite3_bind_int64(q, 4, amount);
        sqlite3_bind_text(q, 5, day_at(w, day)->iso, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 6, p.receipt == 100 ? "تسویه فاکتور" : "دریافت علی\u200cالحساب فاکتور", -1,
                          SQLITE_STATIC);
        sqlite3_bind_text(q, 7, ts, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 8, w->user_id[U_MARYAM]);
        if (amount > 0 && fs_db_step_done(db, q, _("saving the receipt"), e) != FS_OK)
            return e->code;
    }
    return FS_OK;
}

/* Opportunities [from, to), starting from the saved numbering state. */
static int bulk_opportunities_tx(fs_db *db, void *v, fs_err *e)
{
    struct bulk *b = v;
    b->work = b->saved;
    sqlite3_stmt *st[SQL_COUNT];
    if (bulk_prepare(db, st, e) != FS_OK)
        return FS_ERUNTIME;
    for (int64_t i = b->from; i < b->to; i++)
        if (bulk_opportunity(b, st, i, e) != FS_OK)
            return e->code ? e->code : FS_ERUNTIME;
    return FS_OK;
}

/* The counters continue where the bulk numbers stop, so the next
 * opportunity or approval made by a user gets the next number. */
static int bulk_counters_tx(fs_db *db, void *v, fs_err *e)
{
    struct bulk *b = v;
    static const char *const kinds[] = { "opportunity", "proforma", "invoice" };
    sqlite3_stmt *q = fs_db_stmt(db, "INSERT INTO counter(kind, year, last) VALUES (?1, ?2, ?3) "
                                     "ON CONFLICT(kind, year) DO UPDATE SET last = max(last, excluded.last)", e);
    if (!q)
        return FS_ERUNTIME;
    for (int k = 0; k < 3; k++)
        for (int y = 0; y < NYEARS; y++) {
            int64_t last = k == 0 ? b->saved.opp_no[y] : b->saved.doc_no[k - 1][y];
            if (!last)
                continue;
            sqlite3_bind_text(q, 1, kinds[k], -1, SQLITE_STATIC);
            sqlite3_bind_int(q, 2, b->w->jyear_min + y);
            sqlite3_bind_int64(q, 3, last);
            if (fs_db_step_done(db, q, _("numbering"), e) != FS_OK)
                return e->code;
        }
    return FS_OK;
}

/* Indexes, the search triggers and the counting triggers set aside while
 * the bulk rows go in: building an index once, from sorted keys, is several
 * times faster than keeping it up to date row by row, the search index is
 * rebuilt in one pass and the kept totals are added up once.  They are put back from their own stored SQL, so the schema
 * ends exactly as it was. */
struct stash {
    char **sql;
    int n;
};

static const char stash_sql[] =
    "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND ("
    "(type = 'index' AND tbl_name IN ('identity', 'product', 'opportunity', 'opp_line', 'opp_competitor', "
    "'opp_field_value', 'stage_log', 'document', 'doc_line', 'stock_move', 'money_item')) "
    "OR (type = 'trigger' AND name IN ('identity_fts_ai', 'product_fts_ai', 'opp_totals_ai', 'opp_due_count_ai', "
    "'identity_count_ai', 'product_count_ai', 'document_count_ai', 'money_item_count_ai')))";

/* The tables those triggers keep (schema 6 and 7), added up once from the
 * rows instead: a million trigger upserts cost more than one grouped scan.
 * The sums are the migrations' own. */
static const char recount_sql[] =
    "DELETE FROM opp_totals; "
    "INSERT INTO opp_totals SELECT subtype_id, stage_id, assigned_id, created_by, count(*), sum(final_amount), "
    "sum((final_amount * probability + 50) / 100) FROM opportunity "
    "GROUP BY subtype_id, stage_id, assigned_id, created_by; "
    "DELETE FROM opp_close_totals; "
    "INSERT INTO opp_close_totals SELECT stage_id, coalesce(close_date, ''), count(*), sum(final_amount), "
    "sum((final_amount * probability + 50) / 100) FROM opportunity GROUP BY stage_id, coalesce(close_date, ''); "
    "DELETE FROM opp_due_count; "
    "INSERT INTO opp_due_count SELECT assigned_id, stage_id, coalesce(close_date, ''), count(*) FROM opportunity "
    "GROUP BY assigned_id, stage_id, coalesce(close_date, ''); "
    "UPDATE row_count SET n = CASE tbl WHEN 'identity' THEN (SELECT count(*) FROM identity) "
    "WHEN 'product' THEN (SELECT count(*) FROM product) WHEN 'document' THEN (SELECT count(*) FROM document) "
    "WHEN 'money_item' THEN (SELECT count(*) FROM money_item) ELSE n END";

/* Forgets the stashed SQL. */
static void stash_free(struct stash *k)
{
    for (int i = 0; i < k->n; i++)
        free(k->sql[i]);
    free(k->sql);
    k->sql = NULL;
    k->n = 0;
}

/* Saves the SQL of the indexes and triggers, then drops them. */
static int stash_drop_tx(fs_db *db, void *v, fs_err *e)
{
    struct stash *k = v;
    stash_free(k);
    sqlite3_stmt *st = fs_db_stmt(db, stash_sql, e);
    if (!st)
        return FS_ERUNTIME;
    char drops[8192] = "";
    size_t used = 0;
    int rc = FS_OK;
    while (rc == FS_OK && sqlite3_step(st) == SQLITE_ROW) {
        char **g = realloc(k->sql, (size_t)(k->n + 1) * sizeof *g);
        if (!g || !(g[k->n] = fs_col_strdup(st, 2))) {
            k->sql = g ? g : k->sql;
            rc = oom(e);
            break;
        }
        k->sql = g;
        k->n++;
        /* The names are this schema's own (letters and '_'). */
        int w = snprintf(drops + used, sizeof drops - used, "DROP %s %s;",
                         strcmp((const char *)sqlite3_column_text(st, 0), "index") == 0 ? "INDEX" : "TRIGGER",
                         (const char *)sqlite3_column_text(st, 1));
        if (w < 0 || (size_t)w >= sizeof drops - used)
            rc = fs_err_set(e, FS_ERUNTIME, "", _("database error: too many indexes."));
        else
            used += (size_t)w;
    }
    sqlite3_reset(st);
    return rc == FS_OK ? fs_db_exec(db, drops, e) : rc;
}

/* Rebuilds the identity and product search indexes, adds up the kept
 * totals and counts, and puts every stashed index and trigger back. */
static int stash_restore_tx(fs_db *db, void *v, fs_err *e)
{
    struct stash *k = v;
    if (fs_db_exec(db, "INSERT INTO identity_fts(identity_fts) VALUES ('rebuild'); "
                       "INSERT INTO product_fts(product_fts) VALUES ('rebuild')", e) != FS_OK)
        return e->code;
    if (fs_db_exec(db, recount_sql, e) != FS_OK)
        return e->code;
    for (int i = 0; i < k->n; i++)
        if (fs_db_exec(db, k->sql[i], e) != FS_OK)
            return e->code;
    return FS_OK;
}

/* One past the largest id of table (a constant name). */
static int64_t next_id(fs_db *db, const char *sql)
{
    fs_err e;
    sqlite3_stmt *st = fs_db_stmt(db, sql, &e);
    if (!st)
        return 1;
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) + 1 : 1;
    sqlite3_reset(st);
    return id;
}

/* Runs fn over [0, n) in transactions of `per` records. */
static int bulk_run(struct bulk *b, int64_t n, int64_t per, fs_db_fn fn, fs_err *e)
{
    for (int64_t from = 0; from < n; from += per) {
        b->from = from;
        b->to = from + per < n ? from + per : n;
        if (fs_db_write(b->w->s->db, fn, b, e) != FS_OK)
            return e->code;
        b->saved = b->work;
    }
    return FS_OK;
}

/* The large demo after setup: identities, products with their stock, then
 * opportunities with everything that follows them, in bulk. */
static int large_fill(struct world *w, fs_err *e)
{
    fs_db *db = w->s->db;
    struct bulk b;
    memset(&b, 0, sizeof b);
    b.w = w;
    b.ident_base = next_id(db, "SELECT coalesce(max(id), 0) FROM identity");
    b.prod_base = next_id(db, "SELECT coalesce(max(id), 0) FROM product");
    b.opp_base = next_id(db, "SELECT coalesce(max(id), 0) FROM opportunity");
    b.saved.next_doc_id = next_id(db, "SELECT coalesce(max(id), 0) FROM document");
    b.work = b.saved;
    for (int64_t i = 0; i < w->n_ident; i++)
        w->ident_id[i] = b.ident_base + i;
    for (int64_t k = 0; k < w->n_prod; k++) {
        struct prod *pr = &w->prod[k];
        char name[1024];
        gen_product(k, &pr->seed, pr->code, sizeof pr->code, name, sizeof name, &pr->price);
        pr->id = b.prod_base + k;
        pr->stock = product_seeds[pr->seed].stock;
        pr->taxable = product_seeds[pr->seed].taxable;
        if (!(pr->name = strdup(name)))
            return oom(e);
    }

    /* Durability is pointless while a file that did not exist is being
     * filled (a crash means running the demo on a new file again); a big
     * cache and memory for temporary data speed up the index builds.  All
     * go back before returning. */
    int64_t cache = -2000;
    sqlite3_stmt *st = fs_db_stmt(db, "PRAGMA cache_size", e);
    if (st && sqlite3_step(st) == SQLITE_ROW)
        cache = sqlite3_column_int64(st, 0);
    if (st)
        sqlite3_reset(st);
    if (fs_db_exec(db, "PRAGMA synchronous = OFF; PRAGMA cache_size = -524288; PRAGMA temp_store = MEMORY; "
                       "PRAGMA threads = 2", e) != FS_OK)
        return e->code;
    struct stash k = { NULL, 0 };
    int rc = fs_db_write(db, stash_drop_tx, &k, e);
    if (rc == FS_OK)
        rc = bulk_run(&b, w->n_ident, BULK_IDENTITIES, bulk_identities_tx, e);
    if (rc == FS_OK)
        rc = bulk_run(&b, w->n_prod, BULK_PRODUCTS, bulk_products_tx, e);
    if (rc == FS_OK)
        rc = bulk_run(&b, w->n_opp, BULK_OPPORTUNITIES, bulk_opportunities_tx, e);
    if (rc == FS_OK)
        rc = fs_db_write(db, bulk_counters_tx, &b, e);
    /* The indexes come back even after a failure, over what was written. */
    fs_err e2;
    if (k.n && fs_db_write(db, stash_restore_tx, &k, &e2) != FS_OK && rc == FS_OK) {
        *e = e2;
        rc = e2.code;
    }
    stash_free(&k);
    char restore[128];
    snprintf(restore, sizeof restore, "PRAGMA synchronous = FULL; PRAGMA cache_size = %" PRId64 "; "
             "PRAGMA temp_store = DEFAULT; PRAGMA threads = 0", cache);
    if (fs_db_exec(db, restore, &e2) != FS_OK && rc == FS_OK) {
        *e = e2;
        rc = e2.code;
    }
    /* Leave no large write-ahead log behind; refresh the planner's
     * statistics for the new sizes. */
    if (rc == FS_OK)
        rc = fs_db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA optimize", e);
    return rc;
}

/* ---- the command ------------------------------------------------------------ */

/* True when the initialised database holds anything beyond what `forsat
 * init` writes (errors count as data: the demo then refuses). */
static bool holds_data(fs_db *db)
{
    fs_err e;
    sqlite3_stmt *st = fs_db_stmt(db,
        "SELECT EXISTS (SELECT 1 FROM identity) OR EXISTS (SELECT 1 FROM opportunity) "
        "OR EXISTS (SELECT 1 FROM product WHERE NOT builtin) OR EXISTS (SELECT 1 FROM product_group) "
        "OR EXISTS (SELECT 1 FROM document) OR EXISTS (SELECT 1 FROM money_item) "
        "OR EXISTS (SELECT 1 FROM campaign) OR EXISTS (SELECT 1 FROM stock_move) "
        "OR EXISTS (SELECT 1 FROM custom_field) OR (SELECT count(*) FROM user) > 1 "
        "OR (SELECT count(*) FROM warehouse) > 1", &e);
    if (!st)
        return true;
    bool data = sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != 0;
    sqlite3_reset(st);
    return data;
}

/* Creates the database like `forsat init` when it is new; refuses one
 * that holds data. */
static int prepare_file(const char *path, fs_err *e)
{
    fs_db *db = NULL;
    if (fs_db_open(path, FS_DB_CREATE, &db, e) != FS_OK)
        return e->code;
    bool initialised = fs_db_initialised(db);
    bool data = initialised && holds_data(db);
    fs_db_close(db);
    if (data)
        return fs_err_set(e, FS_ECONFLICT, "db",
                          _("the database %s already holds data; the demo fills only a new or freshly initialised "
                            "database, so nothing was changed."),
                          path);
    if (!initialised)
        return fs_init_database(path, fs_os_login(), e);
    return FS_OK;
}

/* Rows of every table the demo fills. */
static int count_rows(fs_db *db, fs_demo_result *res, fs_err *e)
{
    for (int t = 0; t < FS_DEMO_TABLE_COUNT; t++) {
        char sql[96];
        /* Table names come from the constant table above, never from input. */
        snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", table_names[t]);
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(fs_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
            return fs_db_fail(db, _("counting the rows"), e);
        res->rows[t] = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_finalize(st);
    }
    return FS_OK;
}

int fs_demo_create(const char *path, const fs_demo_opts *opts, fs_demo_result *res, fs_err *e)
{
    int64_t t0 = now_ms();
    memset(res, 0, sizeof *res);
    if (prepare_file(path, e) != FS_OK)
        return e->code;
    fs_session s;
    memset(&s, 0, sizeof s);
    if (fs_session_open(&s, path, 0, opts->as_login, e) != FS_OK)
        return e->code;
    struct world w;
    int rc = world_init(&w, &s, opts, e);
    if (rc == FS_OK)
        rc = setup(&w, e);
    if (rc == FS_OK)
        rc = w.large ? large_fill(&w, e) : small_fill(&w, e);
    if (rc == FS_OK)
        rc = count_rows(s.db, res, e);
    world_free(&w);
    fs_session_close(&s);
    res->elapsed_ms = now_ms() - t0;
    return rc;
}
