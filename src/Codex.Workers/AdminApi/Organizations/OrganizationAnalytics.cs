using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Codex.Workers.AdminApi.Organizations;

/// <summary>
/// <c>GET /api/admin/organizations/:id/analytics?from=&amp;to=</c>: revenue and sales per UTC day (every day of the period,
/// quiet ones with zeros), the period's totals and its ten best sellers. Everything is summed by the database, on the
/// index purchases(OrganizationId, PurchasedAt): two small queries however many purchases there are. What counts as
/// revenue is in ADR 021: the price of paid sales on the day they were made, less what was refunded of them, with
/// disputed sales counting nothing while the dispute runs; grants and refunded duplicate payments are not sales.
/// </summary>
public static class OrganizationAnalytics
{
    public const int TopContentSize = 10;

    public static async Task<IResult> HandleAsync(string id, HttpRequest request, CodexDbContext db, AdminAccess access, TimeProvider clock,
        CancellationToken ct)
    {
        var organizationId = OrganizationManagers.ParseId(id);
        await access.RequireOrganizationManagerAsync(organizationId, AfterDeletion.PlatformAdmins, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var query = AnalyticsQuery.Read(name => request.Query[name].FirstOrDefault(), today, out var fieldErrors);
        if (fieldErrors is not null) throw ApiException.Validation(fieldErrors);

        var from = new DateTimeOffset(query.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var until = new DateTimeOffset(query.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var days = (await DaysAsync(db, organizationId, from, until, ct)).ToDictionary(d => (int)d.Day);

        var series = new List<SalesDayDto>(query.Days);
        for (var day = query.From; day <= query.To; day = day.AddDays(1))
            series.Add(days.TryGetValue(day.DayNumber, out var row)
                ? new SalesDayDto(day, row.RevenueCents, (int)row.Purchases)
                : new SalesDayDto(day, 0, 0));
        var totals = new AnalyticsTotalsDto(
            days.Values.Sum(d => d.RevenueCents), (int)days.Values.Sum(d => d.Purchases), (int)days.Values.Sum(d => d.Refunds),
            days.Values.Sum(d => d.RefundedCents), (int)days.Values.Sum(d => d.Grants));
        var top = await TopContentAsync(db, organizationId, from, until, ct);

        return Results.Json(new DataEnvelope<OrganizationAnalyticsDto>(new OrganizationAnalyticsDto(query.From, query.To, totals, series, top)),
            ContractJson.Options);
    }

    /// <summary>One day's sums; <see cref="Day"/> is the day's number since 0001-01-01 (<see cref="DateOnly.DayNumber"/>).</summary>
    public sealed class DayRow
    {
        public long Day { get; set; }
        public long Purchases { get; set; }
        public long RevenueCents { get; set; }
        public long Refunds { get; set; }
        public long RefundedCents { get; set; }
        public long Grants { get; set; }
    }

    // A paid sale: not a grant, not free, past checkout, and not a second payment that was given back at once.
    private const string PaidSale = """
        "GrantedById" IS NULL AND "PriceCents" > 0 AND ("RefundReason" IS NULL OR "RefundReason" <> 'duplicate')
        """;

    private static string Sums(string day) => $$"""
        SELECT {{day}} AS "Day",
               SUM(CASE WHEN {{PaidSale}} THEN 1 ELSE 0 END) AS "Purchases",
               SUM(CASE WHEN {{PaidSale}} AND "Status" <> 'Disputed' THEN "PriceCents" - "RefundedCents" ELSE 0 END) AS "RevenueCents",
               SUM(CASE WHEN {{PaidSale}} AND "RefundedCents" > 0 THEN 1 ELSE 0 END) AS "Refunds",
               SUM(CASE WHEN {{PaidSale}} THEN "RefundedCents" ELSE 0 END) AS "RefundedCents",
               SUM(CASE WHEN "GrantedById" IS NOT NULL THEN 1 ELSE 0 END) AS "Grants"
        FROM purchases
        WHERE "OrganizationId" = {0} AND "PurchasedAt" >= {1} AND "PurchasedAt" < {2} AND "Status" <> 'Pending'
        GROUP BY 1
        """;

    /// <summary>
    /// The day of a sale. PostgreSQL: the <c>timestamptz</c> cut to its UTC date. SQLite keeps times in EF Core's
    /// DateTimeOffset binary (<c>(ticks / 1000) &lt;&lt; 11 | offset minutes</c>; Codex stores every time in UTC, offset 0),
    /// so the day number is <c>(value &gt;&gt; 11) / 864,000,000</c> (a day is 864×10⁹ ticks), and the period's bounds are
    /// passed in the same encoding. Both count days from 0001-01-01, as <see cref="DateOnly.DayNumber"/> does.
    /// </summary>
    private static readonly string PostgresSums = Sums("""(("PurchasedAt" AT TIME ZONE 'UTC')::date - DATE '0001-01-01')::bigint""");
    private static readonly string SqliteSums = Sums("""("PurchasedAt" >> 11) / 864000000""");

    private static Task<List<DayRow>> DaysAsync(CodexDbContext db, Guid organizationId, DateTimeOffset from, DateTimeOffset until,
        CancellationToken ct)
    {
        if (db.Database.IsSqlite())
        {
            var binary = new DateTimeOffsetToBinaryConverter();
            return db.Database.SqlQueryRaw<DayRow>(SqliteSums, organizationId,
                (long)binary.ConvertToProvider(from)!, (long)binary.ConvertToProvider(until)!).ToListAsync(ct);
        }
        return db.Database.SqlQueryRaw<DayRow>(PostgresSums, organizationId, from, until).ToListAsync(ct);
    }

    private static async Task<IReadOnlyList<TopContentDto>> TopContentAsync(CodexDbContext db, Guid organizationId, DateTimeOffset from,
        DateTimeOffset until, CancellationToken ct)
    {
        var best = await db.Purchases.AsNoTracking()
            .Where(p => p.OrganizationId == organizationId && p.PurchasedAt >= from && p.PurchasedAt < until && p.Status != PurchaseStatus.Pending
                && p.GrantedById == null && p.PriceCents > 0 && (p.RefundReason == null || p.RefundReason != SalesRows.DuplicateReason))
            .GroupBy(p => p.ContentId)
            .Select(g => new
            {
                ContentId = g.Key,
                Purchases = g.Count(),
                RevenueCents = g.Sum(p => p.Status == PurchaseStatus.Disputed ? 0L : (long)(p.PriceCents - p.RefundedCents)),
            })
            .OrderByDescending(x => x.RevenueCents).ThenByDescending(x => x.Purchases).ThenBy(x => x.ContentId)
            .Take(TopContentSize)
            .ToListAsync(ct);
        var ids = best.Select(b => b.ContentId).ToList();
        var items = await db.Content.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Title, c.Slug, c.ViewCount }).ToDictionaryAsync(c => c.Id, ct);
        return [.. best.Where(b => items.ContainsKey(b.ContentId)).Select(b =>
        {
            var item = items[b.ContentId];
            return new TopContentDto(b.ContentId, item.Title, item.Slug, b.Purchases, b.RevenueCents, item.ViewCount);
        })];
    }
}
