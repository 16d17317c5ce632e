package io.askflow.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test methods, constructors and lifecycle methods the {@link Infrastructures#shared()}
 * infrastructure as a parameter:
 *
 * <pre>{@code
 * @ExtendWith(InfrastructureExtension.class)
 * class JobSinkIT {
 *     @Test
 *     void shouldStoreJob(Infrastructure infra) { ... infra.jdbcUrl() ... }
 * }
 * }</pre>
 */
public final class InfrastructureExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Infrastructure.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return Infrastructures.shared();
    }
}
