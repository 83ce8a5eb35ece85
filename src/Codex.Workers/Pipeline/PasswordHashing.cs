using Codex.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Codex.Workers.Pipeline;

/// <summary>
/// Password hashing by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512), with the
/// iteration count raised to OWASP's current figure for PBKDF2-SHA512: the one configuration of the platform, used by
/// Auth (sign-up, sign-in, resets) and the Identity-API (the password that confirms a deletion or an email change).
/// </summary>
public static class PasswordHashing
{
    /// <summary>OWASP Password Storage Cheat Sheet: PBKDF2-HMAC-SHA512, 210,000 iterations.</summary>
    public const int Iterations = 210_000;

    /// <summary>The one hasher configuration of the platform.</summary>
    public static PasswordHasher<User> CreateHasher() =>
        new(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = Iterations,
        }));

    /// <summary>
    /// Checks <paramref name="password"/> against a stored hash; a hash that is not one (an account whose password was
    /// never set, a deleted account's emptied hash, a row written by hand) matches nothing instead of throwing the
    /// hasher's <see cref="FormatException"/>.
    /// </summary>
    public static PasswordVerificationResult Verify(this PasswordHasher<User> hasher, User user, string? storedHash, string password)
    {
        if (string.IsNullOrEmpty(storedHash)) return PasswordVerificationResult.Failed;
        try
        {
            return hasher.VerifyHashedPassword(user, storedHash, password);
        }
        catch (FormatException)
        {
            return PasswordVerificationResult.Failed;
        }
    }
}
