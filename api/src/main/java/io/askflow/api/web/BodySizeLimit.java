package io.askflow.api.web;

import io.askflow.api.config.ApiProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Bounds every request body by {@code askflow.api.max-body-bytes}. A body whose {@code Content-Length} is over it
 * is refused before it is read (the interceptor), so a huge body costs neither the memory to parse it nor the time
 * to validate it. A body without a length (chunked) is read through a stream that counts (the filter): reading
 * past the limit throws a {@link BodyTooLargeException}, answered with the same 413, so a chunked body cannot
 * carry more than a declared one.
 */
@Component
public class BodySizeLimit extends OncePerRequestFilter implements HandlerInterceptor, WebMvcConfigurer {

    private static final String UPLOADS = "/v1/files";

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
        if (isUpload(request)) {
            return true;
        }
        long length = request.getContentLengthLong();
        if (length > maxBytes) {
            throw new BodyTooLargeException(length, maxBytes);
        }
        return true;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return isUpload(request);
    }

    /**
     * A file upload ({@code POST /v1/files}): bounded by {@code askflow.api.batches.max-file-bytes} and the
     * servlet container's multipart limits instead.
     */
    private static boolean isUpload(HttpServletRequest request) {
        return "POST".equals(request.getMethod())
                && UPLOADS.equals(request.getRequestURI().substring(request.getContextPath().length()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new BoundedRequest(request, maxBytes), response);
    }

    /** A request whose body reads as at most {@code maxBytes} bytes, whatever its headers say. */
    static final class BoundedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;
        private ServletInputStream body;
        private BufferedReader reader;

        BoundedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new BoundedInputStream(super.getInputStream(), maxBytes);
            }
            return body;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }

    /** Counts the bytes read and throws {@link BodyTooLargeException} at the first one past the limit. */
    static final class BoundedInputStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        BoundedInputStream(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // never ask for more than one byte past the limit: enough to know it is over
            long allowed = Math.max(0, maxBytes - read) + 1;
            int n = in.read(buffer, offset, (int) Math.min(length, allowed));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > maxBytes) {
                throw new BodyTooLargeException(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
