using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.AspNetCore.Identity;

namespace Codex.Workers.IdentityApi;

/// <summary>
/// The password that confirms a deletion or an email change: checked with the platform's hasher, and limited like
/// sign-in's failures per email (<see cref="LoginThrottle"/>, here per account), so a session left open on a shared
/// computer cannot be used to guess the password behind it.
/// </summary>
public sealed class AccountPasswords(PasswordHasher<User> hasher, LoginThrottle throttle)
{
    /// <summary>Passes when <paramref name="password"/> is the account's; else a 401 <c>INVALID_CREDENTIALS</c> (or 429 after too many).</summary>
    public async Task RequireAsync(User user, string password, CancellationToken ct)
    {
        var key = "user:" + user.Id.ToString("D");
        if (await throttle.ReserveAsync(key, ct) is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            throw new ApiException(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                $"Too many wrong passwords. Try again in {Math.Max(1, (seconds + 59) / 60)} minutes.", new RateLimitDetails(seconds));
        }
        PasswordVerificationResult result;
        try
        {
            result = hasher.Verify(user, user.PasswordHash, password);
        }
        catch
        {
            await throttle.ReleaseAsync(key); // nothing was checked
            throw;
        }
        if (result != PasswordVerificationResult.Failed)
        {
            await throttle.ReleaseAsync(key);
            return;
        }
        // The contract's code for a wrong password; the field says where the site shows it.
        throw new ApiException(StatusCodes.Status401Unauthorized, ErrorCodes.InvalidCredentials, "Your password is not right.",
            new ValidationDetails(new Dictionary<string, string[]> { ["password"] = ["Your password is not right."] }));
    }
}
