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
    /** Tick labels: 1,250 / 97.33 / 0.5, never a float's every digit. */
    private static final String TICKS = "#,##0.##";

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
        lines(png, title, xTitle, yTitle, lines, null);
    }

    /**
     * Lines over a shared x axis, written to {@code png}; {@code yRange} {min, max} fixes the y
     * axis (null: from the data). Tick labels are round numbers (at most two decimals): XChart's
     * own labels read 97.33333333333333 on a narrow range.
     */
    static void lines(Path png, String title, String xTitle, String yTitle, List<Line> lines, double[] yRange)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisDecimalPattern(TICKS);
        chart.getStyler().setYAxisDecimalPattern(TICKS);
        double[] y = yRange != null ? yRange : flatRange(lines);
        if (y != null) {
            chart.getStyler().setYAxisMin(y[0]);
            chart.getStyler().setYAxisMax(y[1]);
        }
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

    /**
     * Bars: one group per category, one bar per series in it ({@code series} name → one value a
     * category, NaN for none).
     */
    static void bars(Path png, String title, String yTitle, List<String> categories,
                     java.util.Map<String, double[]> series) throws IOException {
        org.knowm.xchart.CategoryChart chart = new org.knowm.xchart.CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisDecimalPattern(TICKS);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setLegendVisible(series.size() > 1);
        if (categories.isEmpty()) {
            chart.addSeries("no data", List.of("none"), List.of(0));
        }
        for (java.util.Map.Entry<String, double[]> e : series.entrySet()) {
            if (categories.isEmpty()) {
                break;
            }
            List<Double> values = new java.util.ArrayList<>();
            for (double v : e.getValue()) {
                values.add(Double.isFinite(v) ? v : 0.0);
            }
            chart.addSeries(e.getKey(), categories, values);
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
        lines(png, title, xTitle, "frames at or below (%)", lines, new double[] {0, 100});
    }

    /**
     * A y range around data that is all one value (XChart draws such a line on an axis of
     * float noise), else null: the data's own range.
     */
    static double[] flatRange(List<Line> lines) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Line l : lines) {
            for (double v : l.y()) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min > max || max - min > 1e-9 * Math.max(1, Math.abs(max))) {
            return null;
        }
        double pad = Math.max(1, Math.abs(min) * 0.1);
        return new double[] {Math.floor(min - pad), Math.ceil(max + pad)};
    }
}
