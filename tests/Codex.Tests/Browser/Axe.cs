using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>
/// axe-core (Deque.AxeCore.Playwright) over the page a browser test is on, at the two sizes the site is designed for
/// (issue 15: 0 violations on every page the Playwright suite visits, desktop and phone). Every rule axe runs by default
/// (WCAG 2.x A and AA and its best practices), none excluded (ADR 035).
/// </summary>
public static class Axe
{
    /// <summary>Desktop and phone, as the issue names them.</summary>
    public static readonly IReadOnlyList<(string Name, int Width, int Height)> Sizes = [("desktop", 1280, 800), ("phone", 390, 844)];

    private static readonly AxeRunOptions Options = new()
    {
        // Only what fails: passes and inapplicable rules are most of axe's answer and nothing here reads them.
        ResultTypes = [ResultType.Violations],
    };

    /// <summary>
    /// Runs axe on the page as it is now at each of <see cref="Sizes"/> (resizing the viewport, and restoring it after) and
    /// fails with every violation: rule, impact, the selectors of the elements, the page's URL and size. With JavaScript
    /// off the page's own scripts do not run, but axe still can (Playwright evaluates in its own world).
    /// </summary>
    public static async Task AssertNoViolationsAsync(IPage page)
    {
        var report = await ViolationsAsync(page);
        if (report.Length > 0) Assert.Fail(report);
    }

    /// <summary>The violations on <paramref name="page"/> at both sizes, as a readable list; empty when there are none.</summary>
    public static async Task<string> ViolationsAsync(IPage page)
    {
        var original = page.ViewportSize;
        var report = new StringBuilder();
        try
        {
            foreach (var (name, width, height) in Sizes)
            {
                await page.SetViewportSizeAsync(width, height);
                // Layout after a resize (media queries, the phone menu) settles before axe reads colours and sizes.
                await page.WaitForTimeoutAsync(50);
                var result = await page.RunAxe(Options);
                foreach (var violation in result.Violations ?? [])
                {
                    report.Append($"{violation.Id} ({violation.Impact}) at {name} {width}x{height} on {page.Url}: {violation.Help}\n");
                    foreach (var node in violation.Nodes ?? [])
                        report.Append($"    {node.Target}  {Summary(node)}\n");
                }
            }
        }
        finally
        {
            if (original is not null) await page.SetViewportSizeAsync(original.Width, original.Height);
        }
        return report.Length == 0 ? "" : "axe-core found accessibility violations:\n" + report;
    }

    // What axe says is wrong with the element (its "any" checks: one passing would do; "all" and "none": each must hold).
    private static string Summary(AxeResultNode node)
    {
        var messages = (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message).Where(m => !string.IsNullOrEmpty(m));
        var text = string.Join("; ", messages.Distinct());
        return text.Length > 240 ? text[..240] + "…" : text;
    }
}
