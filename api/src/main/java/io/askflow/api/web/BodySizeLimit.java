package io.askflow.api.web;

import io.askflow.api.config.ApiProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses a request whose {@code Content-Length} is over {@code askflow.api.max-body-bytes} before its body is
 * read, so a huge body costs neither the memory to parse it nor the time to validate it. A chunked body (no
 * length) is let through: its fields have limits of their own (question, metadata, options).
 */
@Component
public class BodySizeLimit implements HandlerInterceptor, WebMvcConfigurer {

    private final long maxBytes;

    public BodySizeLimit(ApiProperties properties) {
        this.maxBytes = properties.maxBodyBytes();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        long length = request.getContentLengthLong();
        if (length > maxBytes) {
            throw new BodyTooLargeException(length, maxBytes);
        }
        return true;
    }
}
