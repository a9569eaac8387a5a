# Runs statelint's linter on every file named, in one process (statelint's own
# command validates its first argument once per argument and stops at the first
# file with a problem). Prints "FILE: N errors" and each problem, like statelint.
# Usage: ruby -I J2119/lib -I STATELINT/lib statelint_driver.rb FILE...
require 'statelint'

linter = StateMachineLint::Linter.new
ARGV.each do |file|
  begin
    problems = linter.validate(file)
  rescue StandardError => e
    problems = ["Problem reading/parsing JSON: #{e.message}"]
  end
  puts "#{file}: #{problems.size} errors"
  problems.each { |problem| puts " #{problem}" }
end
