using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace Codex.Web.Infrastructure;

/// <summary>
/// The geometry of a chart of one slot per day, drawn on the server as SVG in a fixed view box that scales to the
/// page's width: the plot's margins, each day's slot and bar, the labelled days under the axis, and round axis tops.
/// The studio's revenue chart (<c>SalesChartModel</c>) and the admin dashboard's charts (<see cref="DayBarChartModel"/>)
/// share it.
/// </summary>
public abstract class DayChartGeometry(int dayCount)
{
    public const double Width = 720, Height = 260, Left = 64, Right = 44, Top = 16, Bottom = 44;
    protected static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public int DayCount { get; } = dayCount;
    public double PlotWidth => Width - Left - Right;
    public double PlotHeight => Height - Top - Bottom;
    public double Slot => DayCount == 0 ? PlotWidth : PlotWidth / DayCount;
    public double BarWidth => Math.Max(1, Slot * 0.7);
    public double Baseline => Top + PlotHeight;

    public double X(int index) => Left + index * Slot + (Slot - BarWidth) / 2;
    public double Center(int index) => Left + index * Slot + Slot / 2;

    /// <summary>Days to label under the axis: the first, the last, and a few between (about every week).</summary>
    public IEnumerable<int> LabelledDays()
    {
        if (DayCount == 0) yield break;
        var step = DayCount <= 7 ? 1 : DayCount <= 31 ? 7 : DayCount <= 120 ? 15 : 61;
        for (var i = 0; i < DayCount; i += step)
            if (DayCount - 1 - i >= step / 2 || i == 0) yield return i;
        if ((DayCount - 1) % step != 0 || DayCount == 1) yield return DayCount - 1;
    }

    public static string Label(DateOnly date) => date.ToString("d MMM", Invariant);

    /// <summary>
    /// An SVG <c>&lt;text&gt;</c> element (Razor keeps <c>&lt;text&gt;</c> for itself, so it is written here), its
    /// content encoded.
    /// </summary>
    public static IHtmlContent Text(string cssClass, double x, double y, string anchor, string content) =>
        new HtmlString(
            $"<text class=\"{cssClass}\" x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\">{System.Text.Encodings.Web.HtmlEncoder.Default.Encode(content)}</text>");

    /// <summary>A number for an SVG attribute (invariant, two decimals).</summary>
    public static string N(double value) => value.ToString("0.##", Invariant);

    /// <summary>1, 2 or 5 times a power of ten (in <paramref name="unit"/>s) at or above <paramref name="value"/>.</summary>
    public static long NiceCeiling(long value, long unit)
    {
        var units = Math.Max(1, (value + unit - 1) / unit);
        long power = 1;
        while (power * 10 <= units) power *= 10;
        foreach (var factor in new long[] { 1, 2, 5, 10 })
            if (factor * power >= units) return factor * power * unit;
        return units * unit;
    }
}

/// <summary>One day's value of a <see cref="DayBarChartModel"/>.</summary>
public sealed record DayValue(DateOnly Date, long Value);

/// <summary>
/// A bar chart of one value per day (<c>Features/Shared/_DayBarChart.cshtml</c>): an SVG with <c>role="img"</c>, a
/// title and a description in words, and the same numbers in a table under it.
/// </summary>
/// <param name="Id">The figure's id (its title and description ids derive from it).</param>
/// <param name="Title">What the chart shows, e.g. "Revenue per day".</param>
/// <param name="ValueLabel">The table's column and the value's name, e.g. "Revenue".</param>
/// <param name="Money">Values are cents, shown as dollars.</param>
public sealed class DayBarChartModel(string id, string title, string valueLabel, IReadOnlyList<DayValue> days, bool money) : DayChartGeometry(days.Count)
{
    public string Id { get; } = id;
    public string Title { get; } = title;
    public string ValueLabel { get; } = valueLabel;
    public IReadOnlyList<DayValue> Days { get; } = days;
    public bool Money { get; } = money;

    /// <summary>The axis' top: the biggest day rounded up to a round number (at least $1, or 1).</summary>
    public long Max => Money
        ? NiceCeiling(Math.Max(100, Days.Count == 0 ? 0 : Days.Max(d => d.Value)), 100)
        : NiceCeiling(Math.Max(1, Days.Count == 0 ? 0 : Days.Max(d => d.Value)), 1);

    public double BarHeight(DayValue day) => Math.Max(0, day.Value) / (double)Max * PlotHeight;

    public string Format(long value) => Money ? Display.Price(value) : value.ToString("N0", Invariant);

    /// <summary>The axis' label at <paramref name="fraction"/> of its height (blank when a count would not be whole).</summary>
    public string AxisLabel(double fraction)
    {
        var value = Max * fraction;
        return Money ? Display.Price((long)value) : value % 1 == 0 ? value.ToString("0", Invariant) : "";
    }

    /// <summary>The chart in words, for its <c>&lt;desc&gt;</c>.</summary>
    public string Description()
    {
        if (Days.Count == 0) return "No days to show.";
        var from = Days[0].Date.ToString("d MMMM yyyy", Invariant);
        var to = Days[^1].Date.ToString("d MMMM yyyy", Invariant);
        var total = Days.Sum(d => d.Value);
        if (total == 0) return $"{ValueLabel}: none from {from} to {to}.";
        var best = Days.OrderByDescending(d => d.Value).ThenBy(d => d.Date).First();
        return $"{ValueLabel} from {from} to {to}: {Format(total)} in all. The highest day was {best.Date.ToString("d MMMM", Invariant)} "
            + $"with {Format(best.Value)}.";
    }
}
