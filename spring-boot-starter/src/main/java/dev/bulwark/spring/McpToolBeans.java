package dev.bulwark.spring;

import dev.bulwark.core.AnnotatedTools;
import dev.bulwark.core.McpTool;
import dev.bulwark.core.ToolPack;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Finds the beans whose class declares {@link McpTool} methods (on itself or a superclass) and turns each into a
 * {@link ToolPack} with {@link AnnotatedTools#from(Object)}. Stateless.
 */
final class McpToolBeans {

    private McpToolBeans() {}

    /**
     * A pack for each bean with {@code @McpTool} methods, in bean definition order.
     *
     * @throws BeanCreationException naming the bean and, through {@link AnnotatedTools}, each method that cannot be
     *     a tool and why
     */
    static List<ToolPack> packsOf(ConfigurableListableBeanFactory beans) {
        List<ToolPack> packs = new ArrayList<>();
        for (String name : beans.getBeanDefinitionNames()) {
            Class<?> type = beans.getType(name, false);
            // a ToolPack bean registers as a pack already
            if (type == null
                    || ToolPack.class.isAssignableFrom(type)
                    || !declaresTools(ClassUtils.getUserClass(type))) {
                continue;
            }
            Object bean = beans.getBean(name);
            try {
                packs.add(AnnotatedTools.from(bean));
            } catch (IllegalArgumentException e) {
                throw new BeanCreationException(name, "Its @McpTool methods cannot be tools: " + e.getMessage(), e);
            }
        }
        return packs;
    }

    /** Whether {@code type} or a superclass declares an {@code @McpTool} method. */
    static boolean declaresTools(Class<?> type) {
        for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
            for (Method method : current.getDeclaredMethods()) {
                if (method.isAnnotationPresent(McpTool.class)) {
                    return true;
                }
            }
        }
        return false;
    }
}
