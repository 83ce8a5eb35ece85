using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Codex.Data;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.Pipeline;

/// <summary>
/// Writes that honour an <c>Idempotency-Key</c> (table <c>idempotency_keys</c>): the key is claimed by inserting its row
/// before the work starts (the primary key user + operation + key decides between concurrent first uses), the first
/// answer is kept on the row and replayed for the same key and request, and a failure that is not an answer frees the
/// key so that a retry can try again. Rows expire after a day (the Ecom sweep deletes them).
/// </summary>
public static class IdempotencyKeys
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    /// <summary>How long a repeated key waits for a first use that is still working before it answers 409.</summary>
    public static readonly TimeSpan WaitForFirst = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Claims the key for this request. Null when this request owns it (do the work, then <see cref="CompleteAsync"/>
    /// or <see cref="ReleaseAsync"/>); otherwise the answer to give: the first one replayed, or a 409 for a key used with
    /// another request or still in progress.
    /// </summary>
    public static async Task<IResult?> ClaimAsync(CodexDbContext db, Guid userId, string operation, string key, string requestHash,
        TimeProvider clock, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + WaitForFirst;
        while (true)
        {
            var now = clock.GetUtcNow();
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                UserId = userId, Operation = operation, Key = key, RequestHash = requestHash, StatusCode = 0, ResponseBody = "",
                CreatedAt = now, ExpiresAt = now + Lifetime,
            });
            try
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                return null;
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
            }

            var record = await db.IdempotencyRecords.AsNoTracking()
                .FirstOrDefaultAsync(r => r.UserId == userId && r.Operation == operation && r.Key == key, ct);
            if (record is null) continue; // the first use failed and freed the key: claim it again
            if (record.ExpiresAt <= now)
            {
                await db.IdempotencyRecords.Where(r => r.UserId == userId && r.Operation == operation && r.Key == key && r.ExpiresAt <= now)
                    .ExecuteDeleteAsync(ct);
                continue;
            }
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(record.RequestHash), Encoding.ASCII.GetBytes(requestHash)))
                throw new ApiException(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                    "This Idempotency-Key was already used with a different request.");
            if (record.StatusCode != 0)
                return Results.Text(record.ResponseBody, "application/json; charset=utf-8", Encoding.UTF8, record.StatusCode);
            if (clock.GetUtcNow() > deadline)
                throw new ApiException(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                    "A request with this Idempotency-Key is still in progress. Try again shortly.");
            await Task.Delay(50, ct); // the first use is still working: wait for its answer
        }
    }

    /// <summary>Keeps the first answer (a success, or a refusal: the same key gets the same refusal), whatever the caller does now.</summary>
    public static Task CompleteAsync(CodexDbContext db, Guid userId, string operation, string key, int status, object body) =>
        db.IdempotencyRecords.Where(r => r.UserId == userId && r.Operation == operation && r.Key == key)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.StatusCode, status)
                .SetProperty(r => r.ResponseBody, JsonSerializer.Serialize(body, ContractJson.Options)), CancellationToken.None);

    /// <summary>Frees the key after a failure that is not an answer (the provider or the database failed).</summary>
    public static Task ReleaseAsync(CodexDbContext db, Guid userId, string operation, string key) =>
        db.IdempotencyRecords.Where(r => r.UserId == userId && r.Operation == operation && r.Key == key).ExecuteDeleteAsync(CancellationToken.None);

    /// <summary>The error envelope of a refusal, as <see cref="CompleteAsync"/> keeps it.</summary>
    public static ErrorEnvelope Refusal(ApiException e) => new(new ErrorBody(e.Code, e.Message, e.Details));
}
