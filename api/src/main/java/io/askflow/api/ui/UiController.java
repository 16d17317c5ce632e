package io.askflow.api.ui;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The dashboard: static pages under {@code classpath:/static/ui} (served at {@code /ui/...} without a key; they ask
 * the API for data with the key the user gives them) and Chart.js from its webjar at {@code /webjars/...}. This only
 * sends {@code /ui} to the overview.
 */
@Controller
@Hidden
public class UiController {

    @GetMapping({"/ui", "/ui/"})
    public String overview() {
        return "redirect:/ui/index.html";
    }
}
