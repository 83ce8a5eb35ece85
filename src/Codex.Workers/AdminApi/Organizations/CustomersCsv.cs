using System.Globalization;
using System.Text;
using Codex.Contracts.Admin;
using Microsoft.Net.Http.Headers;

namespace Codex.Workers.AdminApi.Organizations;

/// <summary>
/// The customers list as a CSV file (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line
/// break quoted, quotes doubled). A cell a spreadsheet would read as a formula (starting with <c>=</c>, <c>+</c>,
/// <c>-</c>, <c>@</c>, a tab or a carriage return) gets a leading <c>'</c> first, so a buyer named
/// <c>=HYPERLINK(...)</c> stays text (OWASP's advice on CSV injection).
/// </summary>
public static class CustomersCsv
{
    public static readonly string[] Header =
        ["purchased_at", "customer_name", "customer_email", "content_title", "content_slug", "amount", "refunded", "currency", "status",
            "complimentary", "purchase_id"];

    /// <summary>One row of the file, without its line end.</summary>
    public static string Row(OrganizationPurchaseDto p) => Line(
        p.PurchasedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "",
        p.UserName, p.UserEmail, p.ContentTitle, p.ContentSlug, Dollars(p.PriceCents), Dollars(p.RefundedCents), p.Currency.ToUpperInvariant(),
        ContractJson.WireName(p.Status), p.Granted ? "yes" : "no", p.Id.ToString("D"));

    public static string Line(params string[] cells) => string.Join(',', cells.Select(Cell));

    /// <summary>One cell, neutralised against formula injection, then quoted when it must be.</summary>
    public static string Cell(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    private static string Dollars(int cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}

/// <summary>Writes the rows to the response as they come from the database.</summary>
public sealed class CustomersCsvResult(IAsyncEnumerable<OrganizationPurchaseDto> rows, string fileName) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.CacheControl = "private, no-store";
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName }.ToString();
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 16 * 1024);
        await writer.WriteAsync(CustomersCsv.Line(CustomersCsv.Header) + "\r\n");
        var written = 0;
        await foreach (var row in rows.WithCancellation(context.RequestAborted))
        {
            await writer.WriteAsync(CustomersCsv.Row(row) + "\r\n");
            if (++written % 500 == 0) await writer.FlushAsync(context.RequestAborted);
        }
        await writer.FlushAsync(context.RequestAborted);
    }
}
