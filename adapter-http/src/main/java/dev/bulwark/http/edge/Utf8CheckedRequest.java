package dev.bulwark.http.edge;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A request whose body is checked to be UTF-8 while it is read ({@link Utf8CheckingInputStream}): whoever reads it,
 * the SDK's transport or a filter, gets a {@link NotUtf8BodyException} instead of bytes that are not.
 */
final class Utf8CheckedRequest extends HttpServletRequestWrapper {

    private ServletInputStream body;
    private BufferedReader reader;

    Utf8CheckedRequest(HttpServletRequest request) {
        super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (body == null) {
            body = new Utf8CheckingInputStream(super.getInputStream());
        }
        return body;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (reader == null) {
            reader = new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
        return reader;
    }
}
