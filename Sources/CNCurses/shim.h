#ifndef LAPGAN_CNCURSES_SHIM_H
#define LAPGAN_CNCURSES_SHIM_H

/* Wide-character ncurses: these must come before <ncurses.h>. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <ncurses.h>
#include <term.h>

/* Globals and function-like macros that Swift 6 cannot import directly. */
static inline WINDOW *lapgan_stdscr(void) { return stdscr; }
static inline int lapgan_lines(void) { return LINES; }
static inline int lapgan_cols(void) { return COLS; }
static inline int lapgan_colors(void) { return COLORS; }
static inline int lapgan_color_pair(int n) { return (int)COLOR_PAIR(n); }

static inline int lapgan_key_resize(void) { return KEY_RESIZE; }
static inline int lapgan_key_btab(void) { return KEY_BTAB; }
static inline int lapgan_key_enter(void) { return KEY_ENTER; }
static inline int lapgan_key_backspace(void) { return KEY_BACKSPACE; }
static inline int lapgan_key_up(void) { return KEY_UP; }
static inline int lapgan_key_down(void) { return KEY_DOWN; }
static inline int lapgan_key_left(void) { return KEY_LEFT; }
static inline int lapgan_key_right(void) { return KEY_RIGHT; }
static inline int lapgan_key_home(void) { return KEY_HOME; }
static inline int lapgan_key_end(void) { return KEY_END; }
static inline int lapgan_key_ppage(void) { return KEY_PPAGE; }
static inline int lapgan_key_npage(void) { return KEY_NPAGE; }
static inline int lapgan_key_dc(void) { return KEY_DC; }
static inline int lapgan_key_ic(void) { return KEY_IC; }
static inline int lapgan_key_f(int n) { return KEY_F(n); }
static inline int lapgan_key_code_yes(void) { return KEY_CODE_YES; }
static inline int lapgan_key_mouse(void) { return KEY_MOUSE; }

/* Mouse reporting on (presses, releases, wheel; no motion) or off. Clicks are not merged from press + release. */
static inline int lapgan_mouse(int on) {
    mmask_t old = 0;
    mmask_t got = mousemask(on ? (ALL_MOUSE_EVENTS & ~REPORT_MOUSE_POSITION) : 0, &old);
    mouseinterval(0);
    return on ? (got != 0) : 1;
}

/* The mouse event ncurses decoded after KEY_MOUSE. kind: 1 press, 2 release, 3 wheel up, 4 wheel down;
   button 0 left, 1 middle, 2 right. Returns -1 when there is none or it is of another kind. */
static inline int lapgan_getmouse(int *x, int *y, int *kind, int *button) {
    MEVENT e;
    if (getmouse(&e) != OK) return -1;
    *x = e.x; *y = e.y;
    mmask_t b = e.bstate;
    if (b & BUTTON4_PRESSED) { *kind = 3; *button = 0; return 0; }
    if (b & BUTTON5_PRESSED) { *kind = 4; *button = 0; return 0; }
    const mmask_t pressed[3] = { BUTTON1_PRESSED | BUTTON1_CLICKED, BUTTON2_PRESSED | BUTTON2_CLICKED, BUTTON3_PRESSED | BUTTON3_CLICKED };
    const mmask_t released[3] = { BUTTON1_RELEASED, BUTTON2_RELEASED, BUTTON3_RELEASED };
    for (int i = 0; i < 3; i++) {
        if (b & pressed[i]) { *kind = 1; *button = i; return 0; }
        if (b & released[i]) { *kind = 2; *button = i; return 0; }
    }
    return -1;
}

static inline int lapgan_ok(void) { return OK; }
static inline int lapgan_err(void) { return ERR; }

/* newterm instead of initscr: initscr exits the process when the terminal cannot be opened. */
static inline SCREEN *lapgan_newterm(void) { return newterm(NULL, stdout, stdin); }

/* Non-variadic text output (printw is variadic and unavailable in Swift). */
static inline int lapgan_addnwstr(WINDOW *w, int y, int x, const wchar_t *s, int n) {
    return mvwaddnwstr(w, y, x, s, n);
}

static inline int lapgan_get_wch(WINDOW *w, unsigned int *out) {
    wint_t c = 0;
    int r = wget_wch(w, &c);
    *out = (unsigned int)c;
    return r;
}

/* A terminfo string capability, or NULL when absent or cancelled. */
static inline const char *lapgan_tigetstr(const char *cap) {
    char *s = tigetstr(cap);
    if (s == (char *)-1 || s == NULL) return NULL;
    return s;
}

/* The terminal size from the kernel (ioctl is variadic). Returns 0 on success. */
static inline int lapgan_window_size(int fd, int *rows, int *cols_out) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -1;
    *rows = (int)ws.ws_row;
    *cols_out = (int)ws.ws_col;
    return 0;
}

#endif
