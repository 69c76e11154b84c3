/**
 * The engine-neutral public API of Fawkes for Java: image cloaking against unauthorized face
 * recognition. This package has no TensorFlow types; the backend ({@code fawkes-tf}) implements it.
 * The entry point is {@link dev.fawkes.Cloakers}, which creates a {@link dev.fawkes.Cloaker} from a
 * {@link dev.fawkes.CloakConfig}. What a cloaker costs in time, memory and threads, and how to warm
 * one up: <a href="#numbers">Time, memory and threads</a>, below.
 *
 * <h2>Exceptions</h2>
 *
 * <p>Every exception is unchecked and carries a message. Two kinds are thrown:
 *
 * <ul>
 *   <li><b>Programming errors</b> keep the JDK's types, as Guava's {@code Preconditions} throws
 *       them: {@link java.lang.NullPointerException} for a null argument or list element,
 *       {@link java.lang.IllegalArgumentException} for an invalid value (an empty list of photos,
 *       a configuration value out of range, a target of another pool), and
 *       {@link java.lang.IllegalStateException} for a cloaker used after
 *       {@link dev.fawkes.Cloaker#close()}. Fix the calling code; do not catch them.
 *   <li><b>Everything about photos, faces, models and the backend</b> is a
 *       {@link dev.fawkes.FawkesException}: {@link dev.fawkes.ImageException} for a photo that
 *       cannot be read or used, {@link dev.fawkes.NoFaceException} where a face is needed and none
 *       is found, {@link dev.fawkes.ModelException} for a model that cannot be loaded,
 *       {@link dev.fawkes.BackendException} for a backend that is missing, fails, or was closed
 *       during a call, and {@link dev.fawkes.CloakInterruptedException} for a call whose thread
 *       was interrupted. These depend on the input and the machine; an application catches them.
 * </ul>
 *
 * <h2 id="numbers">Time, memory and threads</h2>
 *
 * <p>What a <code>Cloaker</code> costs, on the project's 2-core x86-64 CPU (no GPU), measured with the
 * TensorFlow backend and kept here in one place; the measurements and how they were taken are in the
 * project's {@code docs/performance.md}.
 *
 * <h3>Time per face</h3>
 *
 * <table>
 * <caption>Faces of LFW photos (250x250), cloaked at the 224 px working crop; larger faces cost the
 * same, since every face over about 200 px is optimized at that crop</caption>
 * <tr><th>preset</th><th>steps</th><th>per face, a warm cloaker, 8 photos a call</th>
 * <th>per photo, one face, one photo a call</th><th>per face, <code>fawkes cloak</code> on 20 photos,
 * JVM start included</th></tr>
 * <tr><td>LOW</td><td>35</td><td>1.21 s</td><td>1.56 to 1.66 s</td><td>1.60 s (1.54 s for faces of
 * 460 to 610 px)</td></tr>
 * <tr><td>MID</td><td>50</td><td>1.66 s</td><td></td><td></td></tr>
 * <tr><td>HIGH</td><td>60</td><td>2.27 s</td><td></td><td></td></tr>
 * </table>
 *
 * <p>Faces of several photos share the optimizer's batch (<code>CloakConfig.batchSize()</code>, 8), so
 * <code>cloakAll</code> on a few photos at a time is faster per face than one photo per call. Finding the
 * faces adds 0.04 to 0.11 s on a 640x480 photo and 1.6 to 1.7 s on a 12-megapixel one.
 *
 * <h3>The first call</h3>
 *
 * <p>Creating a cloaker (loading and checking the models) took 1.1 s. The graphs are built on first
 * use, one for each working crop size and batch size met: the first one-photo call took 3.25 s, the
 * next ones 1.56 to 1.66 s. To have that cost paid before the first user waits, cloak one photo with
 * a face when the application starts, at the batch size it will use. On the very first run on a
 * machine, JavaCPP unpacks TensorFlow's native library (about 650 MB) into <code>~/.javacpp/cache</code>;
 * <code>-Dorg.bytedeco.javacpp.cachedir=DIR</code> puts it elsewhere.
 *
 * <h3>Memory</h3>
 *
 * <p>A warm cloaker holds about 1.3 GB resident (TensorFlow's graphs and buffers; the Java heap part
 * is about 25 MB), flat over hundreds of calls. The photos of a call are held with their written
 * copies while it runs: a 6000x4000 photo (96 MB as pixels) was cloaked within a 300 MB Java heap.
 * <code>fawkes cloak</code> on a folder peaked at 1.8 to 1.9 GB resident.
 *
 * <h3>Threads</h3>
 *
 * <p>A cloaker serves one call at a time and uses every core for it: TensorFlow's pools are sized to
 * the machine (<code>CloakConfig.threads(0)</code>, the default). Several cloakers working in parallel
 * each use every core too and oversubscribe the machine; give each
 * <code>CloakConfig.builder(preset).threads(cores / cloakers)</code>. One cloaker shared by many threads
 * is safe: calls wait their turn, in arrival order.
 *
 * <h3>What TensorFlow prints</h3>
 *
 * <p>TensorFlow's native code writes to the process's standard error, outside Java's reach. With the
 * environment variable <code>TF_CPP_MIN_LOG_LEVEL=2</code> set before the JVM starts (the <code>fawkes</code>
 * command sets it), the oneDNN and CPU-feature lines are gone; two lines remain on the first
 * computation ("All log messages before absl::InitializeLog() is called are written to STDERR" and
 * "MLIR V1 optimization pass is not enabled"), which TensorFlow 2.18's own copy of absl prints
 * whatever is set. The library itself prints nothing: it reports its events (models loaded, each
 * cloak graph built, with its time) at {@code DEBUG} through {@link java.lang.System.Logger}, so they
 * go wherever the application routes the JDK's logging.
 */
package dev.fawkes;
