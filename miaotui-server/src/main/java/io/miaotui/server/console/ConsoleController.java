package io.miaotui.server.console;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.support.RequestContextUtils;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The console's pages: shells with labels in the caller's language and no data. What a page shows comes from the
 * v1 API, called in the browser with the bearer token the console holds, so the API's own rules decide what each
 * role sees; these shells are public (there is nothing in them to protect) and carry no token, no id, no figure.
 */
@Hidden
@Controller
class ConsoleController {
    /** The page each role lands on after signing in; the sign-in page sends ORDER_SYSTEM nowhere. */
    static final Map<String, String> HOME = Map.of("BUYER", "/console/buyer", "MERCHANT", "/console/merchant",
            "OPERATOR", "/console/operator");

    @GetMapping({"/console", "/console/"})
    String index(Model model, HttpServletRequest request) {
        return page("index", "", model, request);
    }

    @GetMapping("/console/signin")
    String signIn(Model model, HttpServletRequest request) {
        return page("signin", "", model, request);
    }

    @GetMapping("/console/buyer")
    String buyer(Model model, HttpServletRequest request) {
        return page("buyer", "BUYER", model, request);
    }

    @GetMapping("/console/merchant")
    String merchant(Model model, HttpServletRequest request) {
        return page("merchant", "MERCHANT", model, request);
    }

    @GetMapping("/console/operator")
    String live(Model model, HttpServletRequest request) {
        return page("live", "OPERATOR", model, request);
    }

    @GetMapping("/console/operator/gray")
    String gray(Model model, HttpServletRequest request) {
        return page("gray", "OPERATOR", model, request);
    }

    @GetMapping("/console/operator/books")
    String books(Model model, HttpServletRequest request) {
        return page("books", "OPERATOR", model, request);
    }

    @GetMapping("/console/operator/audit")
    String audit(Model model, HttpServletRequest request) {
        return page("audit", "OPERATOR", model, request);
    }

    @GetMapping("/console/report")
    String report(Model model, HttpServletRequest request) {
        return page("report", "OPERATOR", model, request);
    }

    private static String page(String name, String role, Model model, HttpServletRequest request) {
        Locale locale = RequestContextUtils.getLocale(request);
        model.addAttribute("page", name);
        model.addAttribute("role", role);
        model.addAttribute("lang", ConsoleLocales.tag(locale));
        model.addAttribute("otherLang", ConsoleLocales.tag(locale).equals("en") ? "zh-CN" : "en");
        model.addAttribute("js", scriptMessages(locale));
        return "console/" + name;
    }

    /** The labels the page's script writes itself (statuses, countdowns, errors), from the same bundle. */
    private static Map<String, String> scriptMessages(Locale locale) {
        ResourceBundle bundle = ResourceBundle.getBundle(ConsoleLocales.BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        var messages = new TreeMap<String, String>();
        for (String key : bundle.keySet()) {
            if (key.startsWith("js.")) {
                messages.put(key.substring(3), bundle.getString(key));
            }
        }
        return messages;
    }
}
