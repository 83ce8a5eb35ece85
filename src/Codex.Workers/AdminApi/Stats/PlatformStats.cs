using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Codex.Workers.AdminApi.Stats;

/// <summary>
/// <c>GET /api/admin/stats?from=&amp;to=</c> (platform admin): the platform's totals and a row per UTC day of the period
/// (quiet days with zeros). What each figure means is on <see cref="PlatformTotalsDto"/> and in ADR 029. Each series is
/// one grouped query over the period's rows only, on an index: sales on <c>purchases(PurchasedAt)</c>, signups on
/// <c>users(CreatedAt)</c>, refunds on <c>webhook_events(ReceivedAt)</c>; the "as of now" figures are counts (the
/// published one a sum over <c>catalogue_counts</c>, ADR 023). Days are computed in SQL as the organization analytics
/// do (ADR 021): PostgreSQL cuts the <c>timestamptz</c> to its UTC date, SQLite divides EF Core's binary time.
/// </summary>
public static class PlatformStats
{
    public static async Task<IResult> HandleAsync(HttpRequest request, CodexDbContext db, AdminAccess access, TimeProvider clock,
        CancellationToken ct)
    {
        await access.RequirePlatformAdminAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var query = AnalyticsQuery.Read(name => request.Query[name].FirstOrDefault(), today, out var fieldErrors);
        if (fieldErrors is not null) throw ApiException.Validation(fieldErrors);

        var from = new DateTimeOffset(query.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var until = new DateTimeOffset(query.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        // One context, so one query at a time: each is small and on an index.
        var sales = (await DaysAsync(db, SalesSql, from, until, ct)).ToDictionary(d => (int)d.Day);
        var signups = (await DaysAsync(db, SignupsSql, from, until, ct)).ToDictionary(d => (int)d.Day);
        var refunds = await RefundDaysAsync(db, from, until, ct);

        var series = new List<PlatformDayDto>(query.Days);
        for (var day = query.From; day <= query.To; day = day.AddDays(1))
        {
            sales.TryGetValue(day.DayNumber, out var sale);
            signups.TryGetValue(day.DayNumber, out var signup);
            refunds.TryGetValue(day.DayNumber, out var refunded);
            series.Add(new PlatformDayDto(day, sale?.RevenueCents ?? 0, (int)(sale?.Purchases ?? 0), (int)(signup?.Purchases ?? 0), refunded));
        }

        var gone = await db.Organizations.AsNoTracking().Where(o => o.DeletedAt != null || o.SuspendedAt != null).Select(o => o.Id).ToListAsync(ct);
        var users = await db.Users.AsNoTracking().CountAsync(u => u.DeletedAt == null, ct);
        var organizations = await db.Organizations.AsNoTracking().CountAsync(o => o.DeletedAt == null, ct);
        var newOrganizations = await db.Organizations.AsNoTracking().CountAsync(o => o.CreatedAt >= from && o.CreatedAt < until, ct);
        var counts = db.CatalogueCounts.AsNoTracking();
        if (gone.Count > 0) counts = counts.Where(k => !gone.Contains(k.OrganizationId));
        var published = await counts.SumAsync(k => k.Items, ct);
        // The catalogue's partial index on COALESCE(PublishedAt, CreatedAt) over published, undeleted rows (ADR 023).
        var newlyPublished = await db.Content.AsNoTracking()
            .Where(c => c.Status == ContentStatus.Published && c.DeletedAt == null
                && (c.PublishedAt ?? c.CreatedAt) >= from && (c.PublishedAt ?? c.CreatedAt) < until && !gone.Contains(c.OrganizationId))
            .CountAsync(ct);

        var totals = new PlatformTotalsDto(
            RevenueCents: sales.Values.Sum(d => d.RevenueCents),
            Purchases: (int)sales.Values.Sum(d => d.Purchases),
            Refunds: refunds.Values.Sum(),
            Users: users,
            Organizations: organizations,
            PublishedContent: (int)published,
            RefundedCents: sales.Values.Sum(d => d.RefundedCents),
            Grants: (int)sales.Values.Sum(d => d.Grants),
            NewUsers: series.Sum(d => d.Signups),
            NewOrganizations: newOrganizations,
            NewlyPublished: newlyPublished);
        return Results.Json(new DataEnvelope<PlatformStatsDto>(new PlatformStatsDto(query.From, query.To, totals, series)), ContractJson.Options);
    }

    /// <summary>One day's sums; <see cref="Day"/> counts days from 0001-01-01 (<see cref="DateOnly.DayNumber"/>).</summary>
    public sealed class DayRow
    {
        public long Day { get; set; }
        /// <summary>Sales (or, for the signups query, accounts created).</summary>
        public long Purchases { get; set; }
        public long RevenueCents { get; set; }
        public long RefundedCents { get; set; }
        public long Grants { get; set; }
    }

    // A paid sale, as ADR 021 says: not a grant, not free, past checkout, not a second payment given back at once.
    private const string PaidSale = """
        "GrantedById" IS NULL AND "PriceCents" > 0 AND ("RefundReason" IS NULL OR "RefundReason" <> 'duplicate')
        """;

    private static string Sales(string day) => $$"""
        SELECT {{day}} AS "Day",
               SUM(CASE WHEN {{PaidSale}} THEN 1 ELSE 0 END) AS "Purchases",
               SUM(CASE WHEN {{PaidSale}} AND "Status" <> 'Disputed' THEN "PriceCents" - "RefundedCents" ELSE 0 END) AS "RevenueCents",
               SUM(CASE WHEN {{PaidSale}} THEN "RefundedCents" ELSE 0 END) AS "RefundedCents",
               SUM(CASE WHEN "GrantedById" IS NOT NULL THEN 1 ELSE 0 END) AS "Grants"
        FROM purchases
        WHERE "PurchasedAt" >= {0} AND "PurchasedAt" < {1} AND "Status" <> 'Pending'
        GROUP BY 1
        """;

    private static string Signups(string day) => $$"""
        SELECT {{day}} AS "Day", COUNT(*) AS "Purchases", 0 AS "RevenueCents", 0 AS "RefundedCents", 0 AS "Grants"
        FROM users
        WHERE "CreatedAt" >= {0} AND "CreatedAt" < {1}
        GROUP BY 1
        """;

    private static string PostgresDay(string column) => $"""(("{column}" AT TIME ZONE 'UTC')::date - DATE '0001-01-01')::bigint""";
    private static string SqliteDay(string column) => $"""("{column}" >> 11) / 864000000""";

    private static readonly (string Postgres, string Sqlite) SalesSql = (Sales(PostgresDay("PurchasedAt")), Sales(SqliteDay("PurchasedAt")));
    private static readonly (string Postgres, string Sqlite) SignupsSql = (Signups(PostgresDay("CreatedAt")), Signups(SqliteDay("CreatedAt")));

    private static Task<List<DayRow>> DaysAsync(CodexDbContext db, (string Postgres, string Sqlite) sql, DateTimeOffset from, DateTimeOffset until,
        CancellationToken ct)
    {
        if (db.Database.IsSqlite())
        {
            var binary = new DateTimeOffsetToBinaryConverter();
            return db.Database.SqlQueryRaw<DayRow>(sql.Sqlite, (long)binary.ConvertToProvider(from)!, (long)binary.ConvertToProvider(until)!)
                .ToListAsync(ct);
        }
        return db.Database.SqlQueryRaw<DayRow>(sql.Postgres, from, until).ToListAsync(ct);
    }

    /// <summary>
    /// Refunds the payment provider confirmed in the period, per day: its <c>charge.refunded</c> events (logged by id, so
    /// a replay is counted once; the rows are kept, see EcomSweepJob) about a paid sale. A partial refund has no date of its
    /// own on the purchase, so the event log is where "when" is kept. Few rows: grouped here.
    /// </summary>
    private static async Task<Dictionary<int, int>> RefundDaysAsync(CodexDbContext db, DateTimeOffset from, DateTimeOffset until, CancellationToken ct)
    {
        var received = await db.WebhookEvents.AsNoTracking()
            .Where(e => e.ReceivedAt >= from && e.ReceivedAt < until && e.Type == Stripe.EventTypes.ChargeRefunded && e.ProcessedAt != null
                && db.Purchases.Any(p => p.PaymentIntentId == e.PaymentIntentId && p.GrantedById == null && p.PriceCents > 0
                    && (p.RefundReason == null || p.RefundReason != "duplicate")))
            .Select(e => e.ReceivedAt)
            .ToListAsync(ct);
        return received.GroupBy(at => DateOnly.FromDateTime(at.UtcDateTime).DayNumber).ToDictionary(g => g.Key, g => g.Count());
    }
}
