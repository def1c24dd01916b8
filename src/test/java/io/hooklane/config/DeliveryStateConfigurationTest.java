package io.hooklane.config;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryStateConfigurationTest {

    /**
     * Camel sorts a configuration's bean methods with a comparator that reads the list being sorted: with 32 or more
     * TimSort merges, and the sort failed ("Comparison method violates its general contract!") at start-up.
     */
    @Test
    void its_beans_made_from_other_beans_are_lazy_and_few_enough_for_camels_sort() {
        List<Method> binders = Arrays.stream(DeliveryStateConfiguration.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(BindToRegistry.class))
                .toList();
        assertThat(binders).hasSizeBetween(1, 31);
        assertThat(binders.stream()
                .filter(m -> !m.getAnnotation(BindToRegistry.class).lazy())
                .filter(m -> Arrays.stream(m.getParameters()).anyMatch(p -> p.isAnnotationPresent(BeanInject.class)))
                .map(Method::getName)).as("eager beans that inject another bean").isEmpty();
    }
}
