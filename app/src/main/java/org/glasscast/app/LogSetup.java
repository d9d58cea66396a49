package org.glasscast.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.TimeZone;

/**
 * The command line's logging, set up in code (a logback {@link Configurator} service) rather than
 * from an XML file: Joran's XML parsing and PatternLayout's converter table took 100-250 ms of every
 * start. The same output: {@code HH:mm:ss.SSS LEVEL [thread] Logger: message} on standard error,
 * glasscast's loggers at INFO ({@code -Dglasscast.log=LEVEL} to change), everything else at WARN.
 * A {@code logback-test.xml} on the class path or {@code -Dlogback.configurationFile} takes over.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        LineLayout layout = new LineLayout();
        layout.setContext(context);
        layout.start();
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("org.glasscast").setLevel(Level.toLevel(System.getProperty("glasscast.log"), Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** {@code %d{HH:mm:ss.SSS} %-5level [%thread] %logger{0}: %msg%n}, and a throwable's trace as PatternLayout adds it. */
    static final class LineLayout extends LayoutBase<ILoggingEvent> {
        @Override
        public String doLayout(ILoggingEvent e) {
            StringBuilder sb = new StringBuilder(128);
            long t = e.getTimeStamp();
            long ms = Math.floorMod(t + TimeZone.getDefault().getOffset(t), 86_400_000L);
            two(sb, ms / 3_600_000).append(':');
            two(sb, ms / 60_000 % 60).append(':');
            two(sb, ms / 1000 % 60).append('.');
            long milli = ms % 1000;
            sb.append(milli < 100 ? milli < 10 ? "00" : "0" : "").append(milli).append(' ');
            String level = e.getLevel().toString();
            sb.append(level);
            for (int i = level.length(); i < 5; i++) {
                sb.append(' ');
            }
            String name = e.getLoggerName();
            sb.append(" [").append(e.getThreadName()).append("] ").append(name.substring(name.lastIndexOf('.') + 1))
                    .append(": ").append(e.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
            IThrowableProxy thrown = e.getThrowableProxy();
            if (thrown != null) {
                sb.append(ThrowableProxyUtil.asString(thrown)); // one line each, ending with a line separator
            }
            return sb.toString();
        }

        private static StringBuilder two(StringBuilder sb, long v) {
            return sb.append(v < 10 ? "0" : "").append(v);
        }
    }
}
