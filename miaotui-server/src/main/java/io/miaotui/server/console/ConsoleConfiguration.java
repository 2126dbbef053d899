package io.miaotui.server.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console's language (see {@link ConsoleLocales}) and its headers. The content security policy lets only the
 * service's own scripts run (no inline script, no eval, no other origin), so text the API returns can never become
 * code; the pages also write it with {@code textContent} only. Inline styles are allowed because ECharts sets
 * them on its tooltips; a style cannot run script.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration implements WebMvcConfigurer {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; connect-src 'self';"
            + " img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    private final ConsoleLocales locales = new ConsoleLocales();

    /** The name DispatcherServlet looks the resolver up by. */
    @Bean
    LocaleResolver localeResolver() {
        return locales;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(locales).addPathPatterns("/console", "/console/**");
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                // The token travels in the fragment, which no Referer carries; no Referer at all is simpler still.
                response.setHeader("Referrer-Policy", "no-referrer");
                return true;
            }
        }).addPathPatterns("/console", "/console/**", "/webjars/**");
    }
}
