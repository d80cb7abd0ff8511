package io.github.mfaenroll.app;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One object {@link Components} builds the first time something asks for it, and then always the same one. A
 * command builds only what it uses: {@code report} never opens the database, {@code link issue} never compiles a
 * template or builds a controller. Safe to ask from several threads; a failed build is tried again next time.
 */
final class Built<T> implements Supplier<T> {

    private final Supplier<T> build;
    private volatile T value;

    private Built(Supplier<T> build) {
        this.build = build;
    }

    static <T> Built<T> by(Supplier<T> build) {
        return new Built<>(build);
    }

    @Override
    public T get() {
        T built = value;
        if (built == null) {
            synchronized (this) {
                built = value;
                if (built == null) {
                    built = build.get();
                    value = built;
                }
            }
        }
        return built;
    }

    /** Hands the object to {@code action} only if it was built: closing never builds anything. */
    void ifBuilt(Consumer<T> action) {
        T built = value;
        if (built != null) {
            action.accept(built);
        }
    }
}
