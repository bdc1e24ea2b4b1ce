package org.koops.scan;

import java.util.AbstractList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A list computed the first time it is read. A report's line-by-line explanation costs more than
 * finding, parsing and titling it together, and most uses (listing, counting, comparing titles)
 * never read it.
 */
final class LazyList<T> extends AbstractList<T> {
    private Supplier<List<T>> supplier;
    private volatile List<T> list;

    LazyList(Supplier<List<T>> supplier) {
        this.supplier = supplier;
    }

    @Override
    public T get(int index) {
        return list().get(index);
    }

    @Override
    public int size() {
        return list().size();
    }

    private List<T> list() {
        List<T> l = list;
        if (l == null) {
            synchronized (this) {
                l = list;
                if (l == null) {
                    l = List.copyOf(supplier.get());
                    list = l;
                    supplier = null;
                }
            }
        }
        return l;
    }
}
