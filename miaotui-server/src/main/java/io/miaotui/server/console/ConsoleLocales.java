package io.miaotui.server.console;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.Locale;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The console speaks Simplified Chinese or English: the choice made with {@code ?lang=zh-CN|en} (kept a year in a
 * cookie scoped to /console), else the first of the two the browser's Accept-Language names, else English.
 */
final class ConsoleLocales implements LocaleResolver, HandlerInterceptor {
    static final String BUNDLE = "console/messages";
    static final String COOKIE = "miaotui-lang";
    static final String PARAMETER = "lang";
    private static final int ONE_YEAR_SECONDS = 365 * 24 * 3600;

    /** "zh-CN" or "en": the only two answers, whatever was asked. */
    static String tag(Locale locale) {
        return locale != null && "zh".equals(locale.getLanguage()) ? "zh-CN" : "en";
    }

    private static Locale of(String tag) {
        return "zh-CN".equals(tag) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }

    /** The tag a {@code lang} value or cookie names, or null when it names neither language. */
    private static String known(String value) {
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.startsWith("zh") ? "zh-CN" : lower.startsWith("en") ? "en" : null;
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        Object chosen = request.getAttribute(COOKIE);
        if (chosen instanceof String tag) {
            return of(tag);
        }
        if (request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                String tag = COOKIE.equals(cookie.getName()) ? known(cookie.getValue()) : null;
                if (tag != null) {
                    return of(tag);
                }
            }
        }
        if (request.getHeader("Accept-Language") != null) {
            for (Locale locale : Collections.list(request.getLocales())) {
                String tag = known(locale.getLanguage());
                if (tag != null) {
                    return of(tag);
                }
            }
        }
        return Locale.ENGLISH;
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        String tag = tag(locale);
        request.setAttribute(COOKIE, tag);
        if (response != null) {
            Cookie cookie = new Cookie(COOKIE, tag);
            cookie.setPath("/console");
            cookie.setMaxAge(ONE_YEAR_SECONDS);
            cookie.setHttpOnly(true);
            cookie.setAttribute("SameSite", "Lax");
            response.addCookie(cookie);
        }
    }

    /** {@code ?lang=} on a console page switches the language and remembers it. */
    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String tag = known(request.getParameter(PARAMETER));
        if (tag != null) {
            setLocale(request, response, of(tag));
        }
        return true;
    }
}
