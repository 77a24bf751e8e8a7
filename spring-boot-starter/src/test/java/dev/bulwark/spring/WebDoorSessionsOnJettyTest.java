package dev.bulwark.spring;

import org.springframework.boot.test.context.SpringBootTest;

/** Every {@link WebDoorSessionsTest} case with Jetty as the application's servlet container in place of Tomcat. */
@SpringBootTest(
        classes = WebDoorSessionsTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulwark.http.path=" + WebDoorSessionsTest.PATH,
            "bulwark.http.mode=stateful",
            "bulwark.http.idle-timeout=1s",
            "bulwark.http.max-sessions-per-caller=50",
            "spring.autoconfigure.exclude="
                    + "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration"
        })
class WebDoorSessionsOnJettyTest extends WebDoorSessionsTest {

    @Override
    String container() {
        return "Jetty";
    }
}
