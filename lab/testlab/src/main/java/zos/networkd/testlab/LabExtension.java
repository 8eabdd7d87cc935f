package zos.networkd.testlab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5: {@code @ExtendWith(LabExtension.class)} gives the test class one {@link Lab}, injected as a
 * parameter into {@code @BeforeAll} methods, test methods and constructors. Before the first test it
 * takes a {@link HostSnapshot}; after the last it closes the lab and fails the class if the host's
 * network changed or a namespace of the lab is left. The lab is closed also when tests fail.
 *
 * <p>The only class of this library that depends on JUnit 5.
 */
public final class LabExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(LabExtension.class);
    private static final int MAX_PURPOSE = 8;

    @Override
    public void beforeAll(ExtensionContext context) {
        session(context); // the snapshot must be taken before any test runs
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Session session = context.getStore(STORE).remove(context.getRequiredTestClass(), Session.class);
        if (session != null) {
            session.closeAndVerify();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Lab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return session(context).lab();
    }

    /** The lab's purpose from the class name: {@code NetlinkLinksTest} → {@code netlinkl}. */
    static String purposeOf(Class<?> testClass) {
        String name = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        name = name.replaceFirst("(tests?|it)$", "").replaceFirst("^[0-9]+", "");
        name = name.substring(0, Math.min(MAX_PURPOSE, name.length()));
        return name.isEmpty() ? "test" : name;
    }

    private static Session session(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().orElseThrow();
        }
        Class<?> testClass = classContext.getRequiredTestClass();
        return classContext.getStore(STORE).getOrComputeIfAbsent(testClass, key -> Session.open(testClass), Session.class);
    }

    /** One test class's lab and the host as it was before. Closed by the store as a safety net. */
    private record Session(Lab lab, HostSnapshot before) implements ExtensionContext.Store.CloseableResource {
        static Session open(Class<?> testClass) {
            HostSnapshot before = HostSnapshot.take();
            return new Session(Lab.open(purposeOf(testClass)), before);
        }

        @Override
        public void close() {
            lab.close();
        }

        void closeAndVerify() {
            List<String> problems = new ArrayList<>();
            RuntimeException closeFailure = null;
            try {
                lab.close();
            } catch (RuntimeException e) {
                closeFailure = e;
                problems.add("closing " + lab + " failed: " + e.getMessage());
            }
            String prefix = lab.prefix();
            HostSnapshot after = HostSnapshot.take().ignoringOtherLabs(prefix);
            problems.addAll(after.diff(before.ignoringOtherLabs(prefix)));
            List<String> leftovers = after.namespaces().stream().filter(ns -> Lab.belongsTo(ns, prefix)).toList();
            if (!leftovers.isEmpty()) {
                problems.add("namespaces of " + lab + " remain: " + leftovers + " (a lab deletes only what it"
                        + " created or adopted; remove them with ip netns del and fix the test)");
            }
            if (!problems.isEmpty()) {
                AssertionError failure = new AssertionError(
                        "after the tests of " + lab + ":\n  " + String.join("\n  ", problems));
                if (closeFailure != null) {
                    failure.initCause(closeFailure);
                }
                throw failure;
            }
        }
    }
}
