using FluentValidation;

namespace Codex.Contracts;

/// <summary>The contract's paging bounds: out of range is a 400, never a clamp.</summary>
public static class Paging
{
    public const int MaxPage = 1000;
    public const int MaxLimit = 100;
    public const int DefaultLimit = 20;

    /// <summary><c>page</c> within 1..1000.</summary>
    public static IRuleBuilderOptions<T, int> ValidPage<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(1, MaxPage).WithMessage($"Must be between 1 and {MaxPage}.");

    /// <summary><c>limit</c> within 1..100.</summary>
    public static IRuleBuilderOptions<T, int> ValidLimit<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(1, MaxLimit).WithMessage($"Must be between 1 and {MaxLimit}.");
}
