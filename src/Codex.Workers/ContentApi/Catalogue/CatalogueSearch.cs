using Codex.Data;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.Catalogue;

/// <summary>
/// The catalogue's <c>search</c>: items whose title or description contains the term anywhere, ignoring case, through
/// a trigram index (ADR 023). On SQLite that is the FTS5 table <c>content_search</c> (trigram tokenizer); on
/// PostgreSQL, pg_trgm GIN indexes on <c>lower("Title")</c> and <c>lower("Description")</c>, which serve
/// <c>LIKE '%term%'</c>. A trigram index needs three characters: a two-character term is matched by reading every row.
/// </summary>
public static class CatalogueSearch
{
    public static IQueryable<ContentItem> Matching(CodexDbContext db, string search)
    {
        var term = search.ToLowerInvariant();
        if (db is PostgresCodexDbContext)
        {
            var pattern = "%" + EscapeLike(term) + "%";
            return db.Content.Where(c => EF.Functions.Like(c.Title.ToLower(), pattern, "\\")
                || (c.Description != null && EF.Functions.Like(c.Description.ToLower(), pattern, "\\")));
        }
        if (term.EnumerateRunes().Count() >= 3)
        {
            // A phrase of the term's trigrams: every one, in order, is the term as a substring of one column.
            var phrase = "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            return db.Content.FromSql($"""
                SELECT content.* FROM content_search JOIN content ON content.rowid = content_search.rowid
                WHERE content_search MATCH {phrase}
                """);
        }
        return db.Content.Where(c => c.Title.ToLower().Contains(term) || (c.Description != null && c.Description.ToLower().Contains(term)));
    }

    private static string EscapeLike(string term) =>
        term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
