package dev.bulwark.spring;

import org.springframework.boot.test.context.SpringBootTest;

/** Every {@link WebDoorTest} case with Jetty as the application's servlet container in place of Tomcat. */
@SpringBootTest(
        classes = WebDoorTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulwark.http.path=" + WebDoorTest.PATH,
            "bulwark.http.allowed-origins=" + WebDoorTest.ORIGIN,
            "spring.autoconfigure.exclude="
                    + "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration"
        })
class WebDoorOnJettyTest extends WebDoorTest {

    @Override
    String container() {
        return "Jetty";
    }
}
