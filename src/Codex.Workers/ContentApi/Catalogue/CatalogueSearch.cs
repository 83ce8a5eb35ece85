using Codex.Data;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.Catalogue;

/// <summary>
/// The catalogue's <c>search</c>: items whose title or description contains the term anywhere, ignoring case, through
/// a trigram index (ADR 023). On SQLite that is the FTS5 table <c>content_search</c> (trigram tokenizer), which holds
/// only published, undeleted rows; on PostgreSQL, pg_trgm GIN indexes on <c>lower("Title")</c> and
/// <c>lower("Description")</c>, which serve <c>LIKE '%term%'</c>. A trigram index needs three characters: a
/// two-character term, and the studio's search (drafts included: <paramref name="publishedOnly"/> false), read rows.
/// </summary>
public static class CatalogueSearch
{
    /// <summary>Whether the search is answered by SQLite's FTS5 table (published, undeleted rows only).</summary>
    public static bool UsesFullTextTable(CodexDbContext db, string search, bool publishedOnly) =>
        publishedOnly && db is not PostgresCodexDbContext && search.EnumerateRunes().Count() >= 3;

    public static IQueryable<ContentItem> Matching(CodexDbContext db, string search, bool publishedOnly)
    {
        var term = search.ToLowerInvariant();
        if (db is PostgresCodexDbContext)
        {
            var pattern = "%" + EscapeLike(term) + "%";
            return db.Content.Where(c => EF.Functions.Like(c.Title.ToLower(), pattern, "\\")
                || (c.Description != null && EF.Functions.Like(c.Description.ToLower(), pattern, "\\")));
        }
        if (UsesFullTextTable(db, search, publishedOnly))
        {
            // Driven by the index: its matches, then their rows (few matches, or a total with filters).
            return db.Content.FromSql($"""
                SELECT content.* FROM content_search JOIN content ON content.rowid = content_search.rowid
                WHERE content_search MATCH {Phrase(term)}
                """);
        }
        return db.Content.Where(c => c.Title.ToLower().Contains(term) || (c.Description != null && c.Description.ToLower().Contains(term)));
    }

    /// <summary>
    /// SQLite, many matches: the matches as a test on rows read in the order's own index. The unary <c>+</c> keeps the
    /// planner from driving the query by the match list (which would read and sort every match); it walks the order's
    /// index instead and stops after the page, checking each row's rowid against the matches.
    /// </summary>
    public static IQueryable<ContentItem> MatchingInIndexOrder(CodexDbContext db, string search) =>
        db.Content.FromSql($"""
            SELECT * FROM content WHERE +rowid IN (SELECT rowid FROM content_search WHERE content_search MATCH {Phrase(search.ToLowerInvariant())})
            """);

    /// <summary>SQLite: the number of published, undeleted items matching, from the FTS5 index alone.</summary>
    public static Task<int> CountInFullTextTableAsync(CodexDbContext db, string search, CancellationToken ct) =>
        db.Database.SqlQuery<int>($"""
            SELECT count(*) AS "Value" FROM content_search WHERE content_search MATCH {Phrase(search.ToLowerInvariant())}
            """).SingleAsync(ct);

    // A phrase of the term's trigrams: every one, in order, is the term as a substring of one column. Quotes inside are
    // doubled, so operators, quotes and '*' are text.
    private static string Phrase(string term) => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string EscapeLike(string term) =>
        term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
