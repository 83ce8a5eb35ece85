using Codex.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Codex.Workers.Auth;

/// <summary>
/// Password hashing by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512), with the
/// iteration count raised to OWASP's current figure for PBKDF2-SHA512.
/// </summary>
public static class Passwords
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
    /// never set, a row written by hand) matches nothing instead of throwing the hasher's <see cref="FormatException"/>.
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
