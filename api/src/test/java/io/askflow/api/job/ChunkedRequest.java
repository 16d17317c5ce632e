package io.askflow.api.job;

import org.springframework.mock.web.MockHttpServletRequest;

import java.util.Collections;

/**
 * A mock request as a chunked body arrives: {@code Transfer-Encoding: chunked} and no length (a
 * {@link MockHttpServletRequest} always knows the length of its content). Use as a {@code RequestPostProcessor}.
 */
final class ChunkedRequest extends MockHttpServletRequest {

    private ChunkedRequest(MockHttpServletRequest request) {
        super(request.getServletContext(), request.getMethod(), request.getRequestURI());
        setContentType(request.getContentType());
        setContent(request.getContentAsByteArray());
        for (String name : Collections.list(request.getHeaderNames())) {
            if (!"Content-Length".equalsIgnoreCase(name) && !"Content-Type".equalsIgnoreCase(name)) {
                for (String value : Collections.list(request.getHeaders(name))) {
                    addHeader(name, value);
                }
            }
        }
        addHeader("Transfer-Encoding", "chunked");
    }

    static MockHttpServletRequest of(MockHttpServletRequest request) {
        return new ChunkedRequest(request);
    }

    @Override
    public int getContentLength() {
        return -1;
    }

    @Override
    public long getContentLengthLong() {
        return -1;
    }
}
