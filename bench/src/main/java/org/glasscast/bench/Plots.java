package org.glasscast.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's pictures, as PNG through XChart. */
final class Plots {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 420;

    /** One named line of (x, y) points. */
    record Line(String name, double[] x, double[] y, boolean dots) {
        Line(String name, double[] x, double[] y) {
            this(name, x, y, false);
        }
    }

    private Plots() {
    }

    /** Lines over a shared x axis, written to {@code png}. */
    static void lines(Path png, String title, String xTitle, String yTitle, List<Line> lines) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        int drawn = 0;
        for (Line l : lines) {
            if (l.x().length == 0) {
                continue;
            }
            drawn++;
            XYSeries s = chart.addSeries(l.name(), l.x(), l.y());
            if (l.dots()) {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.CIRCLE);
            } else {
                s.setMarker(SeriesMarkers.NONE);
            }
        }
        if (drawn == 0) {
            chart.addSeries("no data", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Each value against the time it was taken, with the median as a horizontal line. */
    static void overTimeWithMedian(Path png, String title, String yTitle, String name, double[] seconds,
                                   double[] values) throws IOException {
        double median = Figures.median(values);
        double[] ends = seconds.length == 0 ? new double[0] : new double[] {seconds[0], seconds[seconds.length - 1]};
        double[] level = seconds.length == 0 ? new double[0] : new double[] {median, median};
        lines(png, title, "time (s)", yTitle, List.of(new Line(name, seconds, values, true),
                new Line(String.format(java.util.Locale.ROOT, "median %.2f", median), ends, level)));
    }

    /** Cumulative distribution: the share of values at or below each value. */
    static void cdf(Path png, String title, String xTitle, List<String> names, List<double[]> samples)
            throws IOException {
        List<Line> lines = new java.util.ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            double[] sorted = samples.get(i).clone();
            Arrays.sort(sorted);
            double[] share = new double[sorted.length];
            for (int k = 0; k < sorted.length; k++) {
                share[k] = (k + 1) * 100.0 / sorted.length;
            }
            lines.add(new Line(names.get(i), sorted, share));
        }
        lines(png, title, xTitle, "frames at or below (%)", lines);
    }
}
